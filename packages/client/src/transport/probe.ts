import { connect } from 'node:tls';
import { ProxmoxConnectionError } from '../errors/transport.js';
import { describeConnectionFailure } from './failure.js';
import { formatFingerprint, normalizeFingerprint } from './fingerprint.js';

/**
 * Reads the SHA-256 fingerprint (`AA:BB:…`) of the certificate a node presents, without
 * trusting it and without sending a request: the first step of trust on first use. Show it to
 * a person who can compare it with the node's (GUI: node, System, Certificates), then pin it
 * with `tls.fingerprint`.
 */
export function probeFingerprint(
  node: { host: string; port?: number },
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const port = node.port ?? 8006;
  const call = { method: 'TLS', path: `${node.host}:${port}` };
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      const { failure, detail } = describeConnectionFailure(error);
      reject(new ProxmoxConnectionError({ ...call, failure, detail }, error));
    };
    // Nothing is ever sent over this socket, so accepting any certificate here is safe.
    const socket = connect({
      host: node.host,
      port,
      rejectUnauthorized: false,
      ...(isIp(node.host) ? {} : { servername: node.host }),
    });
    socket.setTimeout(options.timeoutMs ?? 10_000);
    socket.once('secureConnect', () => {
      const hex = normalizeFingerprint(socket.getPeerCertificate().fingerprint256 ?? '');
      socket.destroy();
      if (hex === undefined) fail(new Error('the node presented no certificate'));
      else resolve(formatFingerprint(hex));
    });
    socket.once('timeout', () => socket.destroy(new Error('no TLS handshake in time')));
    socket.once('error', fail);
  });
}

// SNI carries host names only, never IP addresses.
function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
