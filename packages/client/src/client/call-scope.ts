import { ProxmoxAbortError, ProxmoxTimeoutError } from '../errors/transport.js';
import type { Clock } from './clock.js';
import type { Timeouts } from './validate.js';

// Reasons made once: abort() without a reason builds a new DOMException on every call.
const CALL_FINISHED = new DOMException('the call has finished', 'AbortError');
const OVERALL_TIMEOUT = new DOMException('the overall timeout has passed', 'TimeoutError');
const ATTEMPT_TIMEOUT = new DOMException('the attempt timeout has passed', 'TimeoutError');

export interface AttemptScope {
  /** Fires on the caller's abort, the overall timeout or this attempt's timeout. */
  readonly signal: AbortSignal;
  timedOut(): boolean;
  dispose(): void;
}

/**
 * The signals of one call: the caller's AbortSignal, the overall timeout, and a fresh
 * per-attempt timeout for each try. Timers run on the injected clock, so tests control them.
 *
 * One AbortController serves the whole call and one each attempt: the call's fires on the
 * caller's abort, the overall timeout, or when the call is disposed, and every timer of the
 * call sleeps on it, so disposing the call cancels them all at once.
 */
export class CallScope {
  readonly #controller = new AbortController();
  readonly signal: AbortSignal = this.#controller.signal;
  readonly #caller: AbortSignal | undefined;
  readonly #onCallerAbort: (() => void) | undefined;
  readonly #timeouts: Timeouts;
  readonly #clock: Clock;
  readonly #call: { method: string; path: string };
  #overallPassed = false;

  constructor(
    call: { method: string; path: string },
    caller: AbortSignal | undefined,
    timeouts: Timeouts,
    clock: Clock,
  ) {
    this.#call = call;
    this.#caller = caller;
    this.#timeouts = timeouts;
    this.#clock = clock;
    if (caller?.aborted) {
      this.#controller.abort(caller.reason);
    } else if (caller !== undefined) {
      this.#onCallerAbort = () => this.#controller.abort(caller.reason);
      caller.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
    afterSleep(clock, timeouts.overall, this.signal, () => {
      this.#overallPassed = true;
      this.#controller.abort(OVERALL_TIMEOUT);
    });
  }

  startAttempt(): AttemptScope {
    const call = this.signal;
    const attempt = new AbortController();
    let live = true;
    let timedOut = false;
    const onCallAbort = () => attempt.abort(call.reason);
    if (call.aborted) attempt.abort(call.reason);
    else call.addEventListener('abort', onCallAbort, { once: true });
    // The timer sleeps on the call's signal rather than one of its own: an attempt that ends
    // first leaves it to wake up ignored, or to be cancelled when the call is disposed.
    afterSleep(this.#clock, this.#timeouts.attempt, call, () => {
      if (!live) return;
      timedOut = true;
      attempt.abort(ATTEMPT_TIMEOUT);
    });
    return {
      signal: attempt.signal,
      timedOut: () => timedOut,
      dispose: () => {
        live = false;
        call.removeEventListener('abort', onCallAbort);
      },
    };
  }

  /** The caller's abort or the overall timeout as a typed error, when either has fired. */
  stopped(): ProxmoxAbortError | ProxmoxTimeoutError | undefined {
    if (this.#caller?.aborted) return new ProxmoxAbortError(this.#call, this.#caller.reason);
    if (!this.#overallPassed) return undefined;
    return new ProxmoxTimeoutError({
      ...this.#call,
      scope: 'overall',
      timeoutMs: this.#timeouts.overall,
    });
  }

  attemptTimeout(cause: unknown): ProxmoxTimeoutError {
    const timeoutMs = this.#timeouts.attempt;
    return new ProxmoxTimeoutError({ ...this.#call, scope: 'attempt', timeoutMs }, cause);
  }

  dispose(): void {
    if (this.#onCallerAbort !== undefined) {
      this.#caller?.removeEventListener('abort', this.#onCallerAbort);
    }
    this.#controller.abort(CALL_FINISHED);
  }
}

/** Runs `fire` after `ms` unless `signal` fires first (the sleep then rejects, ignored). */
function afterSleep(clock: Clock, ms: number, signal: AbortSignal, fire: () => void): void {
  clock.sleep(ms, signal).then(
    () => {
      if (!signal.aborted) fire();
    },
    () => undefined, // cancelled: the call finished or was stopped first
  );
}
