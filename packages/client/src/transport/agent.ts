import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { formatFingerprint, normalizeFingerprint } from './fingerprint.js';

export interface TlsOptions {
  /** Certificates to trust instead of the default CA store (PEM). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** SHA-256 fingerprint of the node's own certificate, `AA:BB:…` or plain hex. */
  readonly fingerprint?: string;
  /** Accept any certificate. Only for throw-away test nodes; the client warns once. */
  readonly insecure?: boolean;
}

/** The error code of a certificate whose fingerprint is not the pinned one. */
export const FINGERPRINT_MISMATCH = 'PVEKIT_FINGERPRINT_MISMATCH';

/**
 * One undici Agent per client: keep-alive connections are reused, and the TLS settings belong
 * to this client alone (never the process-wide NODE_TLS_REJECT_UNAUTHORIZED).
 */
// Limitation: without tls.ca the trust store is Node's bundled Mozilla list (plus
// NODE_EXTRA_CA_CERTS), not the operating system's; a node signed by a CA only the OS trusts
// fails with a certificate error until that CA is passed as tls.ca.
export function createAgent(tls: TlsOptions): Agent {
  const pinned = tls.fingerprint === undefined ? undefined : normalizeFingerprint(tls.fingerprint);
  const connectOptions = {
    ...(tls.ca === undefined ? {} : { ca: toCaList(tls.ca) }),
    // Pinning replaces chain verification: a self-signed node is accepted when, and only when,
    // its leaf matches the pin, which is checked right after the handshake below.
    rejectUnauthorized: !(tls.insecure === true || pinned !== undefined),
  };
  if (pinned === undefined) return new Agent({ connect: connectOptions });

  // No TLS session resumption: a resumed session shows no peer certificate to check the pin on.
  const connect = buildConnector({ ...connectOptions, maxCachedSessions: 0 });
  const pinnedConnect: buildConnector.connector = (options, callback) => {
    connect(options, (error, socket) => {
      if (error !== null) return callback(error, null);
      const mismatch = checkPin(socket as TLSSocket, pinned);
      if (mismatch === undefined) return callback(null, socket);
      socket.destroy();
      return callback(mismatch, null);
    });
  };
  return new Agent({ connect: pinnedConnect });
}

function checkPin(socket: TLSSocket, pinned: string): Error | undefined {
  // A plain TCP socket (http://) has no certificate to check; options refuse pins there.
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const presented = normalizeFingerprint(socket.getPeerCertificate().fingerprint256 ?? '');
  if (presented === pinned) return undefined;
  const shown = presented === undefined ? 'unknown' : formatFingerprint(presented);
  const error = new Error(
    `certificate fingerprint ${shown} does not match the pinned ${formatFingerprint(pinned)}`,
  );
  return Object.assign(error, { code: FINGERPRINT_MISMATCH });
}

function toCaList(ca: string | Buffer | readonly (string | Buffer)[]): (string | Buffer)[] {
  return Array.isArray(ca) ? [...ca] : [ca as string | Buffer];
}
