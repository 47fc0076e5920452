import type { Cluster } from './context.js';
import { guestError } from './errors.js';
import { guestLabel } from './guest.js';
import type { GuestState } from './types.js';

/**
 * Two kinds of locking, as in Proxmox:
 * - the config lock, a `lock: <what>` line in the config that long operations (clone,
 *   migrate, snapshot, backup, create, …) hold for their whole run;
 * - the flock on the config file that every read-modify-write takes for an instant. Here an
 *   operation in flight holds it through `holdFileLock`; anything else touching the guest
 *   meanwhile gets Proxmox's timeout error instead of waiting ten seconds.
 */
export type ConfigLock =
  | 'backup'
  | 'clone'
  | 'create'
  | 'destroyed'
  | 'disk'
  | 'fstrim'
  | 'migrate'
  | 'mounted'
  | 'rollback'
  | 'snapshot'
  | 'snapshot-delete'
  | 'suspended'
  | 'suspending';

/** PVE::AbstractConfig `check_lock`: `VM is locked (clone)`. */
export function checkLock(guest: GuestState): void {
  const lock = guest.config.lock;
  if (lock) throw guestError(`${guestLabel(guest.type)} is locked (${lock})`);
}

/** Take a config lock; the guest must not hold one already. */
export function setLock(guest: GuestState, lock: ConfigLock): void {
  checkLock(guest);
  guest.config.lock = lock;
}

export function clearLock(guest: GuestState): void {
  delete guest.config.lock;
}

/** The flock path Proxmox names in its timeout error. */
export function lockFilePath(guest: GuestState): string {
  return guest.type === 'qemu'
    ? `/var/lock/qemu-server/lock-${guest.vmid}.conf`
    : `/run/lock/lxc/pve-config-${guest.vmid}.lock`;
}

export function assertFileLockFree(cluster: Cluster, guest: GuestState): void {
  if (cluster.fileLocks.has(guest.vmid)) {
    throw guestError(`can't lock file '${lockFilePath(guest)}' - got timeout`);
  }
}

/** Hold the config file lock until the returned release function runs. */
export function holdFileLock(cluster: Cluster, guest: GuestState): () => void {
  assertFileLockFree(cluster, guest);
  cluster.fileLocks.add(guest.vmid);
  return () => {
    cluster.fileLocks.delete(guest.vmid);
  };
}
