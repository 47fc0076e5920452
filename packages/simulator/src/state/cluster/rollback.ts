import type { Cluster } from './context.js';
import type { GuestState } from './types.js';

/**
 * Run `change` on a guest all or nothing: if it throws, the guest's config, pending values,
 * snapshots and its node's storages are put back as they were. Proxmox gets the same effect
 * by cleaning up what a failed step allocated; here a copy is simpler and never misses a case.
 */
export function withRollback<T>(cluster: Cluster, guest: GuestState, change: () => T): T {
  const host = cluster.state.nodes[guest.node];
  const before = structuredClone({
    config: guest.config,
    pending: guest.pending,
    pendingDelete: guest.pendingDelete,
    snapshots: guest.snapshots,
    storages: host?.storages ?? {},
  });
  try {
    return change();
  } catch (error) {
    guest.config = before.config;
    guest.pending = before.pending;
    guest.pendingDelete = before.pendingDelete;
    guest.snapshots = before.snapshots;
    if (host) host.storages = before.storages;
    throw error;
  }
}
