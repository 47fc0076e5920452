import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { NodeCertificate } from './certificate.js';
import type { SimOutcome, SimRequest } from './wire.js';

export interface ListenOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: any free port (the real one is in `url`). */
  readonly port?: number;
  /** Plain HTTP instead of TLS, for clients behind a TLS-terminating proxy. */
  readonly http?: boolean;
}

export interface SimulatorListener {
  readonly url: string;
  readonly fingerprint: string;
  /** PEM of the served certificate, to trust as a custom CA. */
  readonly certificate: string;
  close(): Promise<void>;
}

function toHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < raw.length; index += 2) {
    try {
      headers.append(raw[index] ?? '', raw[index + 1] ?? '');
    } catch {
      // A header value fetch cannot represent is left out, as a proxy would drop it.
    }
  }
  return headers;
}

async function readBody(request: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

type Handle = (request: SimRequest) => Promise<SimOutcome>;

// pve-http-server compresses answers above 1 KiB for clients that accept gzip.
const GZIP_ABOVE_BYTES = 1024;

function encodedBody(request: IncomingMessage, body: string): { body: Buffer; gzip: boolean } {
  const raw = Buffer.from(body);
  const accepts = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (!accepts || raw.byteLength <= GZIP_ABOVE_BYTES) return { body: raw, gzip: false };
  return { body: gzipSync(raw), gzip: true };
}

function requestListener(handle: Handle, base: string) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const outcome = await handle({
      method: request.method ?? 'GET',
      url: new URL(request.url ?? '/', base),
      headers: toHeaders(request.rawHeaders),
      body,
    });
    if (outcome.kind === 'drop') {
      request.socket.destroy();
      return;
    }
    const answer = outcome.response;
    response.statusCode = answer.status;
    response.statusMessage = answer.statusText;
    for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
    const encoded = encodedBody(request, answer.body);
    if (encoded.gzip) response.setHeader('content-encoding', 'gzip');
    response.end(encoded.body);
  };
}

/** Serves the app on a real socket: HTTPS with the node certificate, or plain HTTP. */
export async function listen(
  handle: Handle,
  certificate: NodeCertificate,
  options: ListenOptions,
): Promise<SimulatorListener> {
  const host = options.host ?? '127.0.0.1';
  const scheme = options.http === true ? 'http' : 'https';
  let base = `${scheme}://${urlHost(host)}`;
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    requestListener(handle, base)(request, response).catch(() => request.socket.destroy());
  };
  const server =
    scheme === 'http'
      ? createHttpServer({ keepAlive: true }, onRequest)
      : createHttpsServer(
          { key: certificate.key, cert: certificate.cert, keepAlive: true },
          onRequest,
        );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `${base}:${port}`;

  return {
    url: base,
    fingerprint: certificate.fingerprint,
    certificate: certificate.cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
