import type { Dispatcher } from 'undici';
import type { FetchInit, FetchLike, FetchResponse } from './send.js';

/**
 * Sends through `dispatcher.dispatch` with a handler of our own. undici's `fetch` builds a full
 * WHATWG Request, Response and body stream per call and runs at about half the rate of the
 * dispatcher underneath; the handler sees the reason phrase (where Proxmox puts its error
 * message) all the same. The body is collected whole: Proxmox answers are small JSON.
 */
// Limitation: the handler speaks undici 7's handler API (onRequestStart, onResponseStart…); an
// injected dispatcher from undici 6 or older calls only the legacy callbacks, which it lacks.
// Such a caller passes `fetch` (its own undici's fetch bound to that dispatcher) instead.
export function dispatchThrough(dispatcher: Dispatcher): FetchLike {
  return (url, init) => {
    if (init.signal.aborted) return Promise.reject(init.signal.reason);
    return new Promise((resolve, reject) => {
      const handler = new CollectingHandler(init.signal, resolve, reject);
      try {
        dispatcher.dispatch(toDispatchOptions(url, init), handler);
      } catch (error) {
        handler.fail(error);
      }
    });
  };
}

function toDispatchOptions(url: string, init: FetchInit): Dispatcher.DispatchOptions {
  // The client builds every URL from its own base URL, so origin and path split at the first
  // slash after the scheme; no URL object per call.
  const pathStart = url.indexOf('/', url.indexOf('://') + 3);
  return {
    origin: pathStart === -1 ? url : url.slice(0, pathStart),
    path: pathStart === -1 ? '/' : url.slice(pathStart),
    method: init.method,
    headers: init.headers,
    body: init.body ?? null,
  };
}

/** The answer once its body is in: `text()` only hands it over. */
class CollectedResponse implements FetchResponse {
  readonly ok: boolean;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  text(): Promise<string> {
    return Promise.resolve(this.body);
  }
}

/** Collects one answer; settles once, on its end, its error, or the signal's abort. */
class CollectingHandler implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #status = 0;
  #statusText = '';
  readonly #chunks: Buffer[] = [];
  readonly #onAbort = () => this.#abort();

  constructor(
    readonly signal: AbortSignal,
    readonly resolve: (response: FetchResponse) => void,
    readonly reject: (error: unknown) => void,
  ) {
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // The signal may have fired while the request waited for a connection.
    if (this.signal.aborted) this.#abort();
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    _headers: unknown,
    statusMessage?: string,
  ): void {
    this.#status = statusCode;
    this.#statusText = statusMessage ?? '';
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.signal.removeEventListener('abort', this.#onAbort);
    const body = Buffer.concat(this.#chunks).toString('utf8');
    this.resolve(new CollectedResponse(this.#status, this.#statusText, body));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  fail(error: unknown): void {
    this.signal.removeEventListener('abort', this.#onAbort);
    this.reject(error);
  }

  #abort(): void {
    // Aborting through the controller closes the socket mid-answer and calls
    // onResponseError with the reason; before a connection there is no controller yet, and
    // onRequestStart aborts as soon as there is one.
    if (this.#controller === undefined) this.fail(this.signal.reason);
    else if (!this.#controller.aborted) this.#controller.abort(toError(this.signal.reason));
  }
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
