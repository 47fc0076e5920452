import type { GuestState } from './types.js';
import { undoVolumeChangesOnThrow } from './volumes.js';

/**
 * Run `change` on a guest all or nothing: if it throws, the guest's config, pending values,
 * snapshots and the volumes it touched are put back as they were. Proxmox gets the same effect
 * by cleaning up what a failed step allocated; here the guest is copied (it is small) and the
 * volume changes are undone from a journal, since copying every storage made each change cost
 * as much as the cluster was large.
 */
export function withRollback<T>(guest: GuestState, change: () => T): T {
  const before = structuredClone({
    config: guest.config,
    pending: guest.pending,
    pendingDelete: guest.pendingDelete,
    snapshots: guest.snapshots,
  });
  try {
    return undoVolumeChangesOnThrow(change);
  } catch (error) {
    guest.config = before.config;
    guest.pending = before.pending;
    guest.pendingDelete = before.pendingDelete;
    guest.snapshots = before.snapshots;
    throw error;
  }
}
