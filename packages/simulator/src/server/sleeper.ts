/**
 * Timers the simulator waits on (delay faults, the delay on 401). `cancelAll` ends every wait
 * at once so that closing the simulator never leaves a timer holding the process open.
 */
export class Sleeper {
  readonly #pending = new Set<{ timer: NodeJS.Timeout; wake: (completed: boolean) => void }>();

  /** Resolves true after `ms`, or false as soon as `cancelAll` runs. */
  sleep(ms: number): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.#pending.delete(entry);
          resolve(true);
        }, ms),
        wake: resolve,
      };
      this.#pending.add(entry);
    });
  }

  cancelAll(): void {
    for (const entry of this.#pending) {
      clearTimeout(entry.timer);
      entry.wake(false);
    }
    this.#pending.clear();
  }
}
