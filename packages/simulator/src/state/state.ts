import type { AuthKeys } from '../auth/keys.js';
import type { AccessView } from '../auth/permissions-view.js';
import type { TaskRegistry } from '../tasks/registry.js';
import type { AccessConfig } from './access.js';
import type { Cluster } from './cluster/index.js';
import type { UserStore } from './users.js';

/** Everything handlers work on: the simulated cluster's data and the node's secrets. */
export interface SimulatorState {
  readonly users: UserStore;
  readonly access: AccessConfig;
  /** The permission evaluator's view of users, groups, roles, ACL and pools, as of now. */
  readonly accessView: () => AccessView;
  /** Nodes, storages and guests (the `state/cluster` model). */
  readonly cluster: Cluster;
  /** Writes the cluster to the state file, if there is one; resolves once it is saved. */
  readonly persist: () => Promise<void>;
  /** Worker tasks (UPIDs, logs, status). */
  readonly tasks: TaskRegistry;
  readonly keys: () => Promise<AuthKeys>;
  /** Epoch milliseconds; injected so tests control time. */
  readonly clock: () => number;
  /** SHA-256 fingerprint of the node certificate (made on first use). */
  readonly fingerprint: () => Promise<string>;
  /** Milliseconds guest worker tasks run, by task type; absent types end at once. */
  readonly taskDurations?: Readonly<Record<string, number>>;
}

export function nowSeconds(state: { clock: () => number }): number {
  return Math.floor(state.clock() / 1000);
}
