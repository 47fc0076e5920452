import { type Cluster, createCluster, seededRandom } from '../src/state/cluster/index.js';

export interface ManualClock {
  now: number;
  advance(seconds: number): void;
}

/** A clock that only moves when the test says so. */
export function manualClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)): ManualClock {
  const clock = {
    now: start,
    advance(seconds: number) {
      clock.now += seconds * 1000;
    },
  };
  return clock;
}

export function testCluster(nodes = 1, seed = 42): { cluster: Cluster; clock: ManualClock } {
  const clock = manualClock();
  const cluster = createCluster({ nodes }, { clock: () => clock.now, random: seededRandom(seed) });
  return { cluster, clock };
}

/** Run `action` and return the SimulatorError it throws (fails the test if it does not). */
export function thrown(action: () => unknown): {
  status: number;
  message: string;
  errors?: unknown;
} {
  try {
    action();
  } catch (error) {
    return error as { status: number; message: string; errors?: unknown };
  }
  throw new Error('expected the operation to throw');
}
