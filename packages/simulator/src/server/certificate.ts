import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** The node's TLS identity (`pve-ssl.pem` on a real node). */
export interface NodeCertificate {
  /** PEM of the self-signed certificate; a client may trust it as its CA. */
  readonly cert: string;
  readonly key: string;
  /** SHA-256 of the DER, upper-case hex pairs joined by colons, as Proxmox shows it. */
  readonly fingerprint: string;
}

export async function generateNodeCertificate(nodeName: string): Promise<NodeCertificate> {
  // Validity uses the real time, not the simulator clock: TLS clients check it against theirs.
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: `${nodeName}.pvekit.invalid` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: nodeName },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const fingerprint = new X509Certificate(pems.cert).fingerprint256;
  return { cert: pems.cert, key: pems.private, fingerprint };
}
