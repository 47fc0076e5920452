import { assertUnmodifiedAndUnlocked } from './config.js';
import type { Cluster } from './context.js';
import {
  addUnused,
  diskSize,
  diskVolid,
  guestVolids,
  withDiskSize,
  withDiskVolume,
} from './disks.js';
import { guestError } from './errors.js';
import { getGuest, guestLabel, isRunning, isTemplate } from './guest.js';
import { assertFileLockFree, checkLock } from './locks.js';
import { isCdrom, isDiskKey } from './propstring.js';
import { withRollback } from './rollback.js';
import { parseResize } from './sizes.js';
import {
  allocVolume,
  createBase,
  findVolume,
  freeOwnedVolumes,
  freeVolume,
  nodeStorage,
  parseVolid,
  updateVolume,
} from './storage.js';
import type { GuestState, GuestType } from './types.js';

export interface DestroyOptions {
  /** Also drop the guest from pools (and, for the caller, from ACLs, jobs, HA). */
  purge?: boolean;
  skiplock?: boolean;
  /** `destroy-unreferenced-disks`: also free volumes of the vmid the config does not name. */
  destroyUnreferenced?: boolean;
}

/** DELETE `/nodes/{node}/{qemu|lxc}/{vmid}`: frees every volume the guest owns. */
export function destroyGuest(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  options: DestroyOptions = {},
): string[] {
  const guest = getGuest(cluster, node, type, vmid);
  assertFileLockFree(cluster, guest);
  // qemu-server's early checks (protection, running) come before the lock check of the worker.
  const label = guestLabel(type);
  if (guest.config.protection === '1') {
    throw guestError(`can't remove ${label} ${vmid} - protection mode enabled`);
  }
  if (isRunning(guest)) throw guestError(`${label} ${vmid} is running - destroy failed`);
  if (!options.skiplock) checkLock(guest);

  const freed = new Set<string>();
  for (const volid of guestVolids(guest)) {
    // Shared ISOs and templates belong to no guest; only volumes owned by this vmid go.
    const volume = tryVolume(cluster, node, volid);
    if (volume?.vmid === vmid) {
      freeVolume(cluster, node, volid);
      freed.add(volid);
    }
  }
  // Volumes of this vmid that no config line names (left over, or allocated through the
  // storage API) go only when asked, as `destroy-unreferenced-disks` defaults to off.
  if (options.destroyUnreferenced) {
    for (const volid of freeOwnedVolumes(cluster, node, vmid)) freed.add(volid);
  }
  if (options.purge) {
    for (const pool of Object.values(cluster.state.pools)) {
      pool.vmids = pool.vmids.filter((id) => id !== vmid);
    }
  }
  delete cluster.state.guests[String(vmid)];
  return [...freed];
}

function tryVolume(cluster: Cluster, node: string, volid: string) {
  try {
    return findVolume(cluster, node, volid);
  } catch {
    return undefined;
  }
}

/** POST `.../template`: disks become read-only `base-` volumes, the guest a template. */
export function convertToTemplate(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
): void {
  const guest = getGuest(cluster, node, type, vmid);
  assertFileLockFree(cluster, guest);
  checkLock(guest);
  if (Object.keys(guest.snapshots).length > 0) {
    throw guestError(`unable to create template, because ${guestLabel(type)} contains snapshots`);
  }
  if (isTemplate(guest)) throw guestError("you can't convert a template to a template");
  if (isRunning(guest)) {
    throw guestError(
      type === 'qemu'
        ? "you can't convert a VM to template if VM is running"
        : "you can't convert a CT to template if the CT is running",
    );
  }
  withRollback(guest, () => {
    for (const [key, value] of Object.entries(guest.config)) {
      if (!isDiskKey(type, key) || value.includes('cloudinit')) continue;
      const volid = diskVolid(guest, key, value);
      if (volid)
        guest.config[key] = withDiskVolume(type, key, value, createBase(cluster, node, volid));
    }
    guest.config.template = '1';
  });
}

function diskValue(guest: GuestState, disk: string): string {
  const value = guest.config[disk];
  if (value === undefined || !isDiskKey(guest.type, disk)) {
    throw guestError(`disk '${disk}' does not exist`);
  }
  return value;
}

/** PUT `.../resize`: `+2G` grows by, `40G` grows to; shrinking is refused. */
export function resizeDisk(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  disk: string,
  size: string,
  options: { digest?: string; skiplock?: boolean } = {},
): void {
  const guest = getGuest(cluster, node, type, vmid);
  assertFileLockFree(cluster, guest);
  assertUnmodifiedAndUnlocked(guest, options.digest, options.skiplock);
  const value = diskValue(guest, disk);
  if (isCdrom(type, disk, value)) throw guestError("you can't resize a cdrom");

  const volid = diskVolid(guest, disk, value);
  if (!volid) throw guestError(`disk '${disk}' does not exist`);
  const volume = findVolume(cluster, node, volid);
  const current = diskSize(type, disk, value) ?? volume.size;
  const request = parseResize(size);
  const newSize = request.grow ? current + request.bytes : request.bytes;
  if (newSize < current) throw guestError('shrinking disks is not supported');
  if (newSize === current) return;
  updateVolume(cluster, node, volid, { size: newSize });
  guest.config[disk] = withDiskSize(type, disk, value, newSize);
}

export interface MoveOptions {
  /** Free the source volume instead of keeping it as `unusedN`. */
  delete?: boolean;
  digest?: string;
}

/** POST `.../move_disk` (VM) or `.../move_volume` (CT) to another storage of the node. */
export function moveDisk(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  disk: string,
  targetStorage: string,
  options: MoveOptions = {},
): string {
  const guest = getGuest(cluster, node, type, vmid);
  assertFileLockFree(cluster, guest);
  assertUnmodifiedAndUnlocked(guest, options.digest);
  const value = diskValue(guest, disk);
  if (isCdrom(type, disk, value)) throw guestError("you can't move a cdrom");
  if (type === 'lxc' && isRunning(guest)) {
    throw guestError('cannot move volumes of a running container');
  }
  const volid = diskVolid(guest, disk, value);
  if (!volid) throw guestError(`disk '${disk}' does not exist`);
  if (parseVolid(volid).storeid === targetStorage) {
    throw guestError("you can't move to the same storage with same format");
  }
  nodeStorage(cluster, node, targetStorage);
  const source = findVolume(cluster, node, volid);
  if (options.delete && source.snapshots.length > 0) {
    throw guestError("you can't move a disk with snapshots and delete the source");
  }
  const target = { node, storeid: targetStorage, vmid, type, size: source.size };
  const newVolid = allocVolume(cluster, target);
  guest.config[disk] = withDiskVolume(type, disk, value, newVolid);
  if (options.delete) freeVolume(cluster, node, volid);
  else addUnused(guest, volid);
  return newVolid;
}
