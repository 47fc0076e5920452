import { ProxmoxAbortError, ProxmoxTimeoutError } from '../errors/transport.js';
import type { Clock } from './clock.js';
import type { Timeouts } from './validate.js';

export interface AttemptScope {
  /** Fires on the caller's abort, the overall timeout or this attempt's timeout. */
  readonly signal: AbortSignal;
  timedOut(): boolean;
  dispose(): void;
}

/**
 * The signals of one call: the caller's AbortSignal, the overall timeout, and a fresh
 * per-attempt timeout for each try. Timers run on the injected clock, so tests control them.
 */
export class CallScope {
  readonly signal: AbortSignal;
  readonly #caller: AbortSignal | undefined;
  readonly #overall = new AbortController();
  readonly #done = new AbortController();
  readonly #timeouts: Timeouts;
  readonly #clock: Clock;
  readonly #call: { method: string; path: string };

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
    arm(clock, timeouts.overall, this.#overall, this.#done.signal);
    this.signal = caller ? AbortSignal.any([caller, this.#overall.signal]) : this.#overall.signal;
  }

  startAttempt(): AttemptScope {
    const timeout = new AbortController();
    const finished = new AbortController();
    const cancel = AbortSignal.any([finished.signal, this.#done.signal]);
    arm(this.#clock, this.#timeouts.attempt, timeout, cancel);
    return {
      signal: AbortSignal.any([this.signal, timeout.signal]),
      timedOut: () => timeout.signal.aborted,
      dispose: () => finished.abort(),
    };
  }

  /** The caller's abort or the overall timeout as a typed error, when either has fired. */
  stopped(): ProxmoxAbortError | ProxmoxTimeoutError | undefined {
    if (this.#caller?.aborted) return new ProxmoxAbortError(this.#call, this.#caller.reason);
    if (!this.#overall.signal.aborted) return undefined;
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
    this.#done.abort();
  }
}

function arm(clock: Clock, ms: number, target: AbortController, cancel: AbortSignal): void {
  clock.sleep(ms, cancel).then(
    () => target.abort(),
    () => undefined, // cancelled: the call or attempt finished first
  );
}
