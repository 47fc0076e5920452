/**
 * The simulated cluster's state model: plain data (`types.ts`) and pure operations over it.
 * No HTTP, no output; time and randomness come in through the `Cluster` binding.
 *
 * Operations change the state at once and throw `SimulatorError` (`status` + Proxmox's
 * message, `errors` for a 400) when Proxmox would refuse. Long operations (create, clone,
 * migrate, snapshot, backup) take `keepLock: true` so a task can hold the config lock for its
 * run and drop it with `clearLock`; `holdFileLock` makes concurrent writers time out.
 */
import { bindCluster, type Clock, type Cluster, type RandomSource } from './context.js';
import { type ClusterSpec, createClusterState } from './create-state.js';

export * from './agent.js';
export * from './backup.js';
export * from './boot.js';
export * from './clone.js';
export * from './cloudinit.js';
export * from './config.js';
export { configDigest, renderConfigFile } from './config-file.js';
export * from './context.js';
export * from './create.js';
export * from './create-state.js';
export * from './errors.js';
export * from './figures.js';
export * from './guest.js';
export * from './lifecycle.js';
export * from './locks.js';
export * from './migrate.js';
export * from './nodes.js';
export * from './power.js';
export * from './resources.js';
export * from './rrd.js';
export * from './sizes.js';
export * from './snapshot-views.js';
export * from './snapshots.js';
export * from './storage.js';
export type * from './types.js';
export * from './views.js';

export interface ClusterEnvironment {
  clock?: Clock;
  random?: RandomSource;
}

/** A fresh cluster of `spec.nodes` nodes, bound to the given clock and random source. */
export function createCluster(
  spec: Omit<ClusterSpec, 'bootedAt'> & { bootedAt?: number },
  environment: ClusterEnvironment = {},
): Cluster {
  const clock = environment.clock ?? Date.now;
  const random = environment.random ?? Math.random;
  const state = createClusterState({ ...spec, bootedAt: spec.bootedAt ?? clock() });
  return bindCluster(state, clock, random);
}
