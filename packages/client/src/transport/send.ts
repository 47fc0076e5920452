import { type Dispatcher, fetch as undiciFetch } from 'undici';

/** What the client hands to a fetch function. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** The part of a fetch `Response` the client reads. */
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  text(): Promise<string>;
}

/** A fetch-compatible function: the simulator's in-memory `fetch` is one. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** Sends over undici's fetch (it exposes the reason phrase, where Proxmox puts its message). */
export function fetchThrough(dispatcher: Dispatcher): FetchLike {
  return (url, init) => undiciFetch(url, { ...init, dispatcher });
}

/**
 * Resolves like `promise` unless `signal` fires first. An injected fetch may ignore the signal;
 * the caller's timeout and abort must hold all the same.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
