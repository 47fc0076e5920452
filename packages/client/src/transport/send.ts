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

/**
 * A fetch-compatible function: the simulator's in-memory `fetch` is one, and so is
 * `dispatchThrough(dispatcher)`, the client's default.
 */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

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
