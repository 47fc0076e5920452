/**
 * The time source of the task model. Production code uses the system clock; tests and
 * deterministic scenarios inject a `ManualClock` and move time forward themselves.
 */
export interface TaskClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `callback` after `delayMs`; the returned function cancels it. */
  schedule(delayMs: number, callback: () => void): () => void;
}

export const systemClock: TaskClock = {
  now: () => Date.now(),
  schedule: (delayMs, callback) => {
    const timer = setTimeout(callback, delayMs);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

interface Timer {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
}

/** A clock that stands still until `advance` moves it, firing due timers in order. */
export class ManualClock implements TaskClock {
  #now: number;
  #timers: Timer[] = [];
  #order = 0;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  schedule(delayMs: number, callback: () => void): () => void {
    const timer = { due: this.#now + Math.max(0, delayMs), order: this.#order++, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((pending) => pending !== timer);
    };
  }

  /** How many timers wait to fire. */
  get pending(): number {
    return this.#timers.length;
  }

  /**
   * Moves time forward by `ms`, firing each timer that falls due at its own time and letting
   * the promise chains it starts settle before the next one.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (let timer = this.#nextDue(target); timer; timer = this.#nextDue(target)) {
      this.#timers = this.#timers.filter((pending) => pending !== timer);
      this.#now = timer.due;
      timer.callback();
      await settle();
    }
    this.#now = target;
  }

  #nextDue(target: number): Timer | undefined {
    let next: Timer | undefined;
    for (const timer of this.#timers) {
      if (timer.due > target) continue;
      if (!next || timer.due < next.due || (timer.due === next.due && timer.order < next.order)) {
        next = timer;
      }
    }
    return next;
  }
}

// One macrotask turn lets every pending promise reaction run.
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
