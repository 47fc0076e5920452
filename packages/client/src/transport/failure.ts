import type { ConnectionFailure } from '../errors/transport.js';
import { FINGERPRINT_MISMATCH } from './agent.js';

const FAILURE_BY_CODE: Readonly<Record<string, ConnectionFailure>> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect-timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  [FINGERPRINT_MISMATCH]: 'certificate',
};

// OpenSSL verification codes and Node's hostname check: all mean the certificate was refused
// during the handshake, before the request was written.
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME/;

export interface ConnectionFailureDescription {
  readonly failure: ConnectionFailure;
  readonly detail: string;
}

/** Reads what went wrong from a fetch rejection (undici nests it in `cause`). */
export function describeConnectionFailure(error: unknown): ConnectionFailureDescription {
  for (const link of causeChain(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    const failure =
      FAILURE_BY_CODE[code] ?? (CERTIFICATE_CODE.test(code) ? 'certificate' : undefined);
    if (failure !== undefined) return { failure, detail: explain(failure, link) };
  }
  const last = causeChain(error).at(-1);
  return { failure: 'other', detail: `connection failed: ${messageOf(last)}` };
}

function explain(failure: ConnectionFailure, link: unknown): string {
  const message = messageOf(link);
  if (failure === 'certificate') {
    return (
      `TLS certificate refused: ${message}. For a node with a self-signed certificate pin it` +
      ' with tls.fingerprint (shown in the GUI under the node, Certificates) or trust its CA' +
      ' with tls.ca'
    );
  }
  if (failure === 'refused') return `connection refused (${message}); is the node up on this port?`;
  if (failure === 'dns') return `host name not found (${message}); check the host option`;
  return `connection failed (${failure}): ${message}`;
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < 8) {
    chain.push(current);
    // Several addresses tried (e.g. ::1 and 127.0.0.1) come back as an AggregateError.
    if (current instanceof AggregateError && current.errors.length > 0)
      chain.push(...current.errors);
    current = current.cause;
  }
  return chain;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
