import type { Clock } from '../../src/index.js';

interface Timer {
  readonly due: number;
  readonly resolve: () => void;
}

/**
 * A clock whose time moves only when told. Every sleep is recorded. Sleeps shorter than
 * `autoBelow` ms pass at once (time jumps ahead by their length): that lets retry backoffs run
 * while longer sleeps, the timeouts, wait for `advance`.
 */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  #now: number;
  readonly #autoBelow: number;
  readonly #timers = new Set<Timer>();
  readonly #watchers = new Set<() => void>();

  constructor(options: { start?: number; autoBelow?: number } = {}) {
    this.#now = options.start ?? Date.UTC(2026, 0, 15, 12, 0, 0);
    this.#autoBelow = options.autoBelow ?? 0;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    for (const watcher of this.#watchers) watcher();
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (ms < this.#autoBelow) {
      this.advance(ms);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer: Timer = {
        due: this.#now + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#timers.delete(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.add(timer);
    });
  }

  /** Moves time on and wakes every sleep that is due, earliest first. */
  advance(ms: number): void {
    this.#now += ms;
    const due = [...this.#timers].filter((timer) => timer.due <= this.#now);
    due.sort((a, b) => a.due - b.due);
    for (const timer of due) {
      this.#timers.delete(timer);
      timer.resolve();
    }
  }

  /** Resolves once `count` sleeps of exactly `ms` have been asked for. */
  sleepsOf(ms: number, count = 1): Promise<void> {
    return this.sleepsWhere((value) => value === ms, count);
  }

  /** Resolves once `count` sleeps whose length passes `test` have been asked for. */
  sleepsWhere(test: (ms: number) => boolean, count = 1): Promise<void> {
    const reached = () => this.sleeps.filter(test).length >= count;
    if (reached()) return Promise.resolve();
    return new Promise((resolve) => {
      const watcher = () => {
        if (!reached()) return;
        this.#watchers.delete(watcher);
        // Let the sleeper finish registering its timer before the test advances time.
        queueMicrotask(resolve);
      };
      this.#watchers.add(watcher);
    });
  }
}
