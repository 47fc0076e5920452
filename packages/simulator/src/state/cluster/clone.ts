import { type Cluster, randomUuid } from './context.js';
import { assertVmidUnused, emptyGuest } from './create.js';
import { diskVolid, withDiskVolume, withFreshMac } from './disks.js';
import { guestError } from './errors.js';
import { getGuest, guestLabel, isTemplate } from './guest.js';
import { assertFileLockFree, checkLock, clearLock } from './locks.js';
import { getNode } from './nodes.js';
import {
  allocVolume,
  findVolume,
  freeOwnedVolumes,
  isBaseVolume,
  linkedCloneVolume,
  nodeStorage,
  parseVolid,
} from './storage.js';
import type { GuestConfig, GuestState } from './types.js';

export interface CloneOptions {
  newid: number;
  /** VM `name` / CT `hostname` of the clone. */
  name?: string;
  description?: string;
  /** Copy every disk (the default for a non-template); a template clones linked by default. */
  full?: boolean;
  /** Storage for a full clone's disks (the source's storage otherwise). */
  storage?: string;
  target?: string;
  snapname?: string;
  pool?: string;
  /** Leave `lock: clone` on the new guest for the caller's task to clear. */
  keepLock?: boolean;
}

/** Keys a clone never takes over (snapshot bookkeeping, template flag, detached disks). */
const NOT_COPIED = /^(snapshots|parent|snaptime|vmstate|snapstate|lock|template|unused\d+)$/;

function sourceConfig(source: GuestState, snapname: string | undefined): GuestConfig {
  if (snapname === undefined) return source.config;
  const snapshot = source.snapshots[snapname];
  if (!snapshot) throw guestError(`snapshot '${snapname}' does not exist`);
  return snapshot;
}

/**
 * The storage's `clone` feature: a base volume, or on LVM-thin also a snapshot of any volume
 * (LvmThinPlugin `volume_has_feature`).
 */
function assertLinkedPossible(
  cluster: Cluster,
  source: GuestState,
  disk: { key: string; volid: string; snapname: string | undefined },
): void {
  const { key, volid } = disk;
  if (isBaseVolume(volid)) return;
  const storage = nodeStorage(cluster, source.node, parseVolid(volid).storeid);
  if (disk.snapname !== undefined && storage.type === 'lvmthin') return;
  throw guestError(
    source.type === 'qemu'
      ? `Linked clone feature is not supported for drive '${key}'`
      : `Linked clone feature for '${volid}' is not available`,
  );
}

function cloneDisk(
  cluster: Cluster,
  source: GuestState,
  clone: GuestState,
  key: string,
  value: string,
  options: CloneOptions & { full: boolean },
): string {
  const volid = diskVolid(source, key, value);
  if (!volid) return value;
  if (value.includes('cloudinit')) {
    const storeid = parseVolid(volid).storeid;
    const name = `vm-${clone.vmid}-cloudinit`;
    const request = { node: clone.node, storeid, vmid: clone.vmid, type: clone.type };
    return withDiskVolume(
      source.type,
      key,
      value,
      allocVolume(cluster, { ...request, size: 4 * 1024 ** 2, name }),
    );
  }
  if (!options.full) {
    assertLinkedPossible(cluster, source, { key, volid, snapname: options.snapname });
    return withDiskVolume(
      source.type,
      key,
      value,
      linkedCloneVolume(cluster, source.node, volid, clone.vmid),
    );
  }
  const size = findVolume(cluster, source.node, volid).size;
  const storeid = options.storage ?? parseVolid(volid).storeid;
  const request = { node: clone.node, storeid, vmid: clone.vmid, type: clone.type, size };
  return withDiskVolume(source.type, key, value, allocVolume(cluster, request));
}

function assertTarget(cluster: Cluster, source: GuestState, target: string | undefined): void {
  if (target === undefined || target === source.node) return;
  getNode(cluster, target);
  const local = Object.entries(source.config).some(([key, value]) => {
    const volid = diskVolid(source, key, value);
    return (
      volid !== undefined && !nodeStorage(cluster, source.node, parseVolid(volid).storeid).shared
    );
  });
  if (local) {
    const what = guestLabel(source.type);
    throw guestError(`can't clone ${what} to node '${target}' (${what} uses local storage)`);
  }
}

/** The clone's name: the given one, else qemu-server's `Copy-of-VM-<name of the source>`. */
function cloneName(
  source: GuestState,
  from: GuestConfig,
  options: CloneOptions,
): Record<string, string> {
  if (source.type === 'lxc') return options.name ? { hostname: options.name } : {};
  return { name: options.name ?? `Copy-of-VM-${from.name ?? source.vmid}` };
}

/** POST `.../clone`: a full copy, or a linked clone of a template's base volumes. */
export function cloneGuest(
  cluster: Cluster,
  node: string,
  type: GuestState['type'],
  vmid: number,
  options: CloneOptions,
): GuestState {
  const source = getGuest(cluster, node, type, vmid);
  assertFileLockFree(cluster, source);
  checkLock(source);
  assertVmidUnused(cluster, options.newid);
  const full = options.full ?? !isTemplate(source);
  if (!full && options.storage !== undefined) {
    throw guestError("parameter 'storage' not allowed for linked clones");
  }
  assertTarget(cluster, source, options.target);

  const clone: GuestState = {
    ...emptyGuest(options.newid, type, options.target ?? node),
    config: { lock: 'clone' },
  };
  cluster.state.guests[String(clone.vmid)] = clone;
  try {
    copyConfig(cluster, source, clone, { ...options, full });
  } catch (error) {
    freeOwnedVolumes(cluster, clone.node, clone.vmid);
    delete cluster.state.guests[String(clone.vmid)];
    throw error;
  }
  if (options.pool !== undefined) cluster.state.pools[options.pool]?.vmids.push(clone.vmid);
  if (!options.keepLock) clearLock(clone);
  return clone;
}

/** `smbios1` with a new `uuid=` (the other SMBIOS fields are copied as they are). */
function withUuid(smbios1: string | undefined, uuid: string): string {
  const others = (smbios1 ?? '')
    .split(',')
    .filter((part) => part !== '' && !part.startsWith('uuid='));
  return [...others, `uuid=${uuid}`].sort().join(',');
}

function copyConfig(
  cluster: Cluster,
  source: GuestState,
  clone: GuestState,
  options: CloneOptions & { full: boolean },
): void {
  const from = sourceConfig(source, options.snapname);
  for (const [key, value] of Object.entries(from)) {
    if (NOT_COPIED.test(key)) continue;
    if (/^net\d+$/.test(key)) clone.config[key] = withFreshMac(cluster, clone, value);
    else if (diskVolid(source, key, value)) {
      clone.config[key] = cloneDisk(cluster, source, clone, key, value, options);
    } else clone.config[key] = value;
  }
  if (source.type === 'qemu') {
    clone.config.vmgenid = randomUuid(cluster.random);
    clone.config.smbios1 = withUuid(from.smbios1, randomUuid(cluster.random));
  }
  Object.assign(clone.config, cloneName(source, from, options));
  if (options.description !== undefined) clone.config.description = options.description;
}
