import type { SimOutcome, SimRequest } from './wire.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

// What undici's fetch rejects with when the peer resets the connection.
function connectionError(code: 'ECONNRESET' | 'ECONNREFUSED'): TypeError {
  const cause = Object.assign(
    new Error(code === 'ECONNRESET' ? 'other side closed' : 'connect refused'),
    {
      code,
    },
  );
  return new TypeError('fetch failed', { cause });
}

// Statuses whose responses must not carry a body (the Response constructor enforces it).
const NO_BODY = new Set([101, 204, 205, 304]);

function toResponse(outcome: Extract<SimOutcome, { kind: 'response' }>): Response {
  const { status, statusText, headers, body } = outcome.response;
  return new Response(NO_BODY.has(status) || body === '' ? null : body, {
    status,
    statusText,
    headers,
  });
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A `fetch` that hands requests straight to the app: no socket, same protocol. Paths without
 * a host (`/api2/json/version`) are resolved against `baseUrl`.
 */
export function inMemoryFetch(
  handle: (request: SimRequest) => Promise<SimOutcome>,
  baseUrl: string,
  isClosed: () => boolean,
): FetchLike {
  return async (input, init) => {
    const resolved =
      typeof input === 'string' && input.startsWith('/') ? new URL(input, baseUrl) : input;
    const request = new Request(resolved, init);
    if (isClosed()) throw connectionError('ECONNREFUSED');

    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const simRequest: SimRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body,
    };
    const outcome = await abortable(handle(simRequest), request.signal);
    if (outcome.kind === 'drop') throw connectionError('ECONNRESET');
    return toResponse(outcome);
  };
}
