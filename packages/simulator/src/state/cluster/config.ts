import { encryptPassword } from './cloudinit.js';
import { configDigest } from './config-file.js';
import type { Cluster } from './context.js';
import { addUnused, diskVolid, resolveDisk, resolveNet } from './disks.js';
import { guestError, paramError } from './errors.js';
import { getGuest, isRunning } from './guest.js';
import { assertFileLockFree, checkLock } from './locks.js';
import { isDiskKey } from './propstring.js';
import { withRollback } from './rollback.js';
import { freeVolume } from './storage.js';
import type { GuestConfig, GuestState, GuestType } from './types.js';

export interface ConfigUpdate {
  set?: Record<string, string>;
  delete?: string[];
  revert?: string[];
  /** The digest the caller read; a mismatch means someone else changed the config. */
  digest?: string;
  skiplock?: boolean;
}

// Limitation: the `[special:cloudinit]` section that records what the generated drive holds
// lives beside the config (`cloudinit.ts`), not in it, so the file and its digest lack it for
// VMs with a cloud-init drive.

/** Keys a running guest takes at once, whatever `hotplug` says (qemu-server `fast_plug`). */
const FAST_PLUG = new Set([
  'lock',
  'name',
  'onboot',
  'shares',
  'startup',
  'description',
  'protection',
  'vmstatestorage',
  'hookscript',
  'tags',
]);
const CLOUDINIT_OPTION =
  /^(ciuser|cipassword|citype|ciupgrade|cicustom|nameserver|searchdomain|sshkeys|ipconfig\d+)$/;
const LXC_HOT = /^(net\d+|memory|swap|cores|cpulimit|cpuunits|hostname)$/;

/**
 * Whether a running guest applies `key` now. QEMU hotplugs NICs and disks by default
 * (`hotplug: network,disk,usb`).
 * Limitation: the guest's own `hotplug` setting is not consulted; everything else waits.
 */
function appliesWhileRunning(guest: GuestState, key: string): boolean {
  if (FAST_PLUG.has(key)) return true;
  if (guest.type === 'lxc') return LXC_HOT.test(key);
  // Cloud-init options land in the config at once; the drive shows them after a regenerate.
  if (CLOUDINIT_OPTION.test(key)) return true;
  return /^net\d+$/.test(key) || isDiskKey('qemu', key) || /^unused\d+$/.test(key);
}

/**
 * The digest and lock checks of a config write. qemu-server compares the digest first, in its
 * own words (typo included); pve-container checks the lock first, then pve-common's
 * `assert_if_modified`.
 */
export function assertUnmodifiedAndUnlocked(
  guest: GuestState,
  digest: string | undefined,
  skiplock = false,
): void {
  const modified = digest !== undefined && digest !== configDigest(guest);
  if (guest.type === 'qemu') {
    if (modified) throw guestError('checksum missmatch (file change by other user?)');
    if (!skiplock) checkLock(guest);
    return;
  }
  if (!skiplock) checkLock(guest);
  if (modified) {
    throw guestError('detected modified configuration - file changed by other user? Try again.');
  }
}

function assertNoConflict(update: ConfigUpdate): void {
  for (const key of update.delete ?? []) {
    if (update.set?.[key] !== undefined) {
      throw paramError({ delete: `you can't use '-${key}' and -delete ${key}' at the same time` });
    }
  }
  for (const key of update.revert ?? []) {
    if (update.set?.[key] !== undefined || update.delete?.includes(key)) {
      throw paramError({ revert: `you can't use '-${key}' and '-revert ${key}' at the same time` });
    }
  }
}

/** Store a value; a disk it replaces is kept as `unusedN`, never silently dropped. */
function applyValue(guest: GuestState, key: string, value: string): void {
  const old = guest.config[key];
  if (old !== undefined) {
    const oldVolid = diskVolid(guest, key, old);
    const newVolid = diskVolid(guest, key, value);
    if (oldVolid && oldVolid !== newVolid && !key.startsWith('unused')) addUnused(guest, oldVolid);
  }
  guest.config[key] = value;
}

/** Remove a key: a disk becomes `unusedN`; deleting `unusedN` frees the volume. */
function applyDelete(cluster: Cluster, guest: GuestState, key: string): void {
  const value = guest.config[key];
  if (value === undefined) return;
  delete guest.config[key];
  const volid = diskVolid(guest, key, value);
  if (!volid) return;
  // A cloud-init drive is generated, not data: qemu-server frees it instead of keeping it.
  if (key.startsWith('unused') || value.includes('cloudinit')) {
    freeVolume(cluster, guest.node, volid);
  } else addUnused(guest, volid);
}

/** The value as it will be stored: disks allocated, NICs given a MAC. */
function canonicalValue(cluster: Cluster, guest: GuestState, key: string, value: string): string {
  if (isDiskKey(guest.type, key)) return resolveDisk(cluster, guest, key, value);
  if (/^net\d+$/.test(key)) return resolveNet(cluster, guest, value);
  if (guest.type === 'qemu' && key === 'cipassword') return encryptPassword(cluster, value);
  return value;
}

/** PUT/POST `.../config`: set, delete and revert keys as qemu-server and pve-container do. */
export function updateConfig(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  update: ConfigUpdate,
): void {
  const guest = getGuest(cluster, node, type, vmid);
  assertFileLockFree(cluster, guest);
  assertUnmodifiedAndUnlocked(guest, update.digest, update.skiplock);
  assertNoConflict(update);

  // All or nothing, as qemu-server frees the disks it allocated when a later key fails.
  withRollback(guest, () => applyUpdate(cluster, guest, update));
}

function applyUpdate(cluster: Cluster, guest: GuestState, update: ConfigUpdate): void {
  for (const key of update.revert ?? []) {
    delete guest.pending[key];
    guest.pendingDelete = guest.pendingDelete.filter((k) => k !== key);
  }
  const running = isRunning(guest);
  for (const key of update.delete ?? []) {
    if (running && !appliesWhileRunning(guest, key)) {
      if (!guest.pendingDelete.includes(key)) guest.pendingDelete.push(key);
      delete guest.pending[key];
    } else {
      delete guest.pending[key];
      applyDelete(cluster, guest, key);
    }
  }
  for (const [key, raw] of Object.entries(update.set ?? {})) {
    const value = canonicalValue(cluster, guest, key, raw);
    guest.pendingDelete = guest.pendingDelete.filter((k) => k !== key);
    if (running && !appliesWhileRunning(guest, key)) guest.pending[key] = value;
    else {
      delete guest.pending[key];
      applyValue(guest, key, value);
    }
  }
}

/** Fold pending changes into the config, as a (re)start does (`vmconfig_apply_pending`). */
export function applyPending(cluster: Cluster, guest: GuestState): void {
  for (const key of guest.pendingDelete) applyDelete(cluster, guest, key);
  for (const [key, value] of Object.entries(guest.pending)) applyValue(guest, key, value);
  guest.pending = {};
  guest.pendingDelete = [];
}

export interface ReadConfigOptions {
  /** Return the current values instead of the ones pending changes would give. */
  current?: boolean;
  snapshot?: string;
}

/** GET `.../config`: the config with its `digest`, pending values applied unless `current`. */
export function readConfig(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  options: ReadConfigOptions = {},
): GuestConfig & { digest: string } {
  const guest = getGuest(cluster, node, type, vmid);
  const digest = configDigest(guest);
  if (options.snapshot !== undefined) {
    const snapshot = guest.snapshots[options.snapshot];
    if (!snapshot) throw guestError(`snapshot '${options.snapshot}' does not exist`);
    return { ...snapshot, digest };
  }
  const config: GuestConfig = { ...guest.config };
  if (!options.current) {
    for (const key of guest.pendingDelete) delete config[key];
    Object.assign(config, guest.pending);
  }
  return { ...config, digest };
}

export interface PendingEntry {
  key: string;
  value?: string;
  pending?: string;
  delete?: 1;
}

/** GET `.../pending`: one entry per key with its current and pending value. */
export function readPending(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
): PendingEntry[] {
  const guest = getGuest(cluster, node, type, vmid);
  const keys = new Set([...Object.keys(guest.config), ...Object.keys(guest.pending)]);
  for (const key of guest.pendingDelete) keys.add(key);
  return [...keys].sort().map((key) => {
    const entry: PendingEntry = { key };
    const value = guest.config[key];
    const pending = guest.pending[key];
    if (value !== undefined) entry.value = value;
    if (pending !== undefined) entry.pending = pending;
    if (guest.pendingDelete.includes(key)) entry.delete = 1;
    return entry;
  });
}
