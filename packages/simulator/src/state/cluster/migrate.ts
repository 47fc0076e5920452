import type { Cluster } from './context.js';
import { guestError, paramError } from './errors.js';
import { getGuest, isRunning } from './guest.js';
import { assertFileLockFree, checkLock, clearLock, setLock } from './locks.js';
import { getNode } from './nodes.js';
import { isGuestVolume } from './storage.js';
import type { GuestState, GuestType } from './types.js';
import { dropVolume, putVolume } from './volumes.js';

export interface MigrateOptions {
  target: string;
  /** Live migration of a running VM. */
  online?: boolean;
  /** Copy local disks of a running VM along with it. */
  withLocalDisks?: boolean;
  /** A running container is stopped, moved and started again. */
  restart?: boolean;
  /** Leave `lock: migrate` on for the caller's task to clear. */
  keepLock?: boolean;
}

/** Volumes on the source node's non-shared storages that belong to the guest. */
function localVolumes(cluster: Cluster, guest: GuestState): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const storages = cluster.state.nodes[guest.node]?.storages ?? {};
  for (const storage of Object.values(storages)) {
    if (storage.shared) continue;
    for (const volume of Object.values(storage.volumes)) {
      if (volume.vmid === guest.vmid && isGuestVolume(volume)) {
        found.push([storage.storage, volume.volname]);
      }
    }
  }
  return found;
}

function assertMovable(guest: GuestState, options: MigrateOptions, hasLocal: boolean): void {
  if (!isRunning(guest)) return;
  if (guest.type === 'lxc') {
    if (options.online) throw guestError('lxc live migration is currently not implemented');
    if (!options.restart) {
      // pve-container dies without a newline here, so a real log adds Perl's " at … line N.".
      throw guestError('running container can only be migrated in restart mode');
    }
    return;
  }
  if (!options.online) throw guestError("can't migrate running VM without --online");
  if (hasLocal && !options.withLocalDisks) {
    throw guestError("can't live migrate attached local disks without with-local-disks option");
  }
}

/** Every local volume needs a free place on the target before anything moves. */
function assertTargetFree(cluster: Cluster, guest: GuestState, target: string): void {
  for (const [storeid, volname] of localVolumes(cluster, guest)) {
    const to = cluster.state.nodes[target]?.storages[storeid];
    if (!to) throw guestError(`storage '${storeid}' is not available on node '${target}'`);
    if (to.volumes[volname]) throw guestError(`volume '${storeid}:${volname}' already exists`);
  }
}

/** Move the guest's local volumes to the same storage ids on the target node. */
function moveVolumes(cluster: Cluster, guest: GuestState, target: string): void {
  for (const [storeid, volname] of localVolumes(cluster, guest)) {
    const from = cluster.state.nodes[guest.node]?.storages[storeid];
    const to = cluster.state.nodes[target]?.storages[storeid];
    const volume = from?.volumes[volname];
    if (!from || !to || !volume) continue;
    putVolume(to, volume);
    dropVolume(from, volname);
  }
}

/**
 * The checks of POST `.../migrate`, made before its task starts, then `lock: migrate`.
 * Limitation: HA, replication, local devices (hostpci, usb) and target storage mapping are not
 * checked; local volumes always land on the same storage id on the target.
 */
export function prepareMigration(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  options: MigrateOptions,
): GuestState {
  const guest = getGuest(cluster, node, type, vmid);
  if (options.target === node) throw paramError({ target: 'target is local node.' });
  getNode(cluster, options.target);
  assertFileLockFree(cluster, guest);
  checkLock(guest);
  const hasLocal = localVolumes(cluster, guest).length > 0;
  assertMovable(guest, options, hasLocal);
  assertTargetFree(cluster, guest, options.target);
  setLock(guest, 'migrate');
  return guest;
}

/** The move itself, once the task has copied what it copies: the guest is on the target. */
export function completeMigration(
  cluster: Cluster,
  guest: GuestState,
  options: MigrateOptions,
): void {
  moveVolumes(cluster, guest, options.target);
  guest.node = options.target;
  if (guest.type === 'lxc' && isRunning(guest)) {
    guest.runtime.startedAt = cluster.clock();
    guest.runtime.agentProcesses = [];
  }
  if (!options.keepLock) clearLock(guest);
}

/** POST `.../migrate`: offline for a stopped guest; online (VM) or restart (CT) otherwise. */
export function migrateGuest(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  options: MigrateOptions,
): void {
  const guest = prepareMigration(cluster, node, type, vmid, options);
  completeMigration(cluster, guest, options);
}
