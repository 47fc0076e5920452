import { createHash } from 'node:crypto';
import type { Cluster } from './context.js';
import { guestError, paramError } from './errors.js';
import { nodeStorage, parseVolid, updateVolume } from './storage.js';
import type { StorageState, VolumeState } from './types.js';
import { putVolume } from './volumes.js';

/** Where a storage keeps its data on the node (pve-storage `DirPlugin`, `LvmThinPlugin`). */
function location(storage: StorageState): Record<string, string> {
  if (storage.type === 'dir') return { path: storage.path ?? '/var/lib/vz' };
  return { vgname: storage.vgname ?? 'pve', thinpool: storage.thinpool ?? 'data' };
}

// Every node of the simulated cluster has the same storages, so the first node holding one
// speaks for the cluster-wide `storage.cfg`.
function configuredStorages(cluster: Cluster): StorageState[] {
  const seen = new Map<string, StorageState>();
  for (const node of Object.values(cluster.state.nodes)) {
    for (const storage of Object.values(node.storages)) {
      if (!seen.has(storage.storage)) seen.set(storage.storage, storage);
    }
  }
  return [...seen.values()];
}

function configEntry(storage: StorageState): Record<string, unknown> {
  return {
    storage: storage.storage,
    type: storage.type,
    content: storage.content.join(','),
    ...location(storage),
    ...(storage.shared ? { shared: 1 } : {}),
  };
}

/** The SHA-1 of `storage.cfg` as the simulator would write it, Proxmox's `digest`. */
function storageConfigDigest(cluster: Cluster): string {
  const text = configuredStorages(cluster)
    .map((storage) => JSON.stringify(configEntry(storage)))
    .join('\n');
  return createHash('sha1').update(text).digest('hex');
}

/** GET `/storage`: every configured storage, optionally of one plugin type. */
export function storageConfigList(cluster: Cluster, type?: string): Record<string, unknown>[] {
  const digest = storageConfigDigest(cluster);
  return configuredStorages(cluster)
    .filter((storage) => type === undefined || storage.type === type)
    .map((storage) => ({ ...configEntry(storage), digest }));
}

/** GET `/storage/{storage}`. */
export function storageConfig(cluster: Cluster, storeid: string): Record<string, unknown> {
  const storage = configuredStorages(cluster).find((entry) => entry.storage === storeid);
  if (storage === undefined) throw guestError(`storage '${storeid}' does not exist`);
  return { ...configEntry(storage), digest: storageConfigDigest(cluster) };
}

/**
 * The volume ID a content endpoint means: `volume` may be a full volid (its storage must be
 * `storeid`) or a name on `storeid` (pve-storage API2/Storage/Content.pm `real_volume_id`).
 */
export function contentVolid(storeid: string | undefined, volume: string): string {
  if (!volume.includes(':')) {
    // Proxmox's wording, typo included.
    if (storeid === undefined) throw paramError({ volume: 'no storage speficied' });
    return `${storeid}:${volume}`;
  }
  const named = parseVolid(volume).storeid;
  if (storeid !== undefined && named !== storeid) {
    throw paramError({ volume: `storage ID mismatch (${named} != ${storeid})` });
  }
  return volume;
}

function volumeAt(cluster: Cluster, node: string, volid: string) {
  const { storeid, volname } = parseVolid(volid);
  const storage = nodeStorage(cluster, node, storeid);
  const volume = storage.volumes[volname];
  if (volume === undefined) throw guestError(`volume '${volid}' does not exist`);
  return { storage, volume };
}

// The directory layout of a dir storage (pve-storage `Plugin.pm` `get_subdir`).
const DIR_SUBDIRS: Record<string, string> = {
  images: 'images',
  rootdir: 'images',
  iso: 'template/iso',
  vztmpl: 'template/cache',
  backup: 'dump',
  snippets: 'snippets',
};

function volumePath(storage: StorageState, volume: VolumeState): string {
  if (storage.type === 'lvmthin') return `/dev/${storage.vgname ?? 'pve'}/${volume.volname}`;
  const name = volume.volname.replace(/^(iso|vztmpl|backup|snippets)\//, '');
  return `${storage.path ?? '/var/lib/vz'}/${DIR_SUBDIRS[volume.content] ?? 'images'}/${name}`;
}

/** GET `/nodes/{node}/storage/{storage}/content/{volume}`. */
export function volumeInfo(cluster: Cluster, node: string, volid: string) {
  const { storage, volume } = volumeAt(cluster, node, volid);
  return {
    path: volumePath(storage, volume),
    size: volume.size,
    // Limitation: volumes are thick in the simulator; `used` always equals `size`.
    used: volume.size,
    format: volume.format,
    ...(volume.notes === undefined ? {} : { notes: volume.notes }),
    protected: volume.protected === true ? 1 : 0,
  };
}

/** PUT `/nodes/{node}/storage/{storage}/content/{volume}`: `notes` and `protected`. */
export function updateVolumeAttributes(
  cluster: Cluster,
  node: string,
  volid: string,
  attributes: { notes?: string; protected?: boolean },
): void {
  updateVolume(cluster, node, volid, {
    ...(attributes.notes === undefined ? {} : { notes: attributes.notes }),
    ...(attributes.protected === undefined ? {} : { protected: attributes.protected }),
  });
}

/** Checks done before a delete is handed to a worker, so the caller sees them at once. */
export function assertDeletable(cluster: Cluster, node: string, volid: string): void {
  const { volume } = volumeAt(cluster, node, volid);
  if (volume.protected === true) throw guestError(`volume '${volid}' is protected`);
}

/** `size` of POST `…/content`: KiB, or a number with `M` or `G` (Content.pm `create`). */
export function parseAllocSize(size: string): number {
  const match = /^(\d+)([MG]?)$/.exec(size);
  if (match?.[1] === undefined) throw paramError({ size: `unable to parse size '${size}'` });
  const factor = match[2] === 'G' ? 1024 ** 3 : match[2] === 'M' ? 1024 ** 2 : 1024;
  return Number(match[1]) * factor;
}

export interface NamedAllocation {
  node: string;
  storeid: string;
  vmid: number;
  filename: string;
  size: string;
  format?: string;
}

function allocFormat(storage: StorageState, request: NamedAllocation): string {
  const suffix = /\.(raw|qcow2|vmdk)$/.exec(request.filename)?.[1];
  if (suffix !== undefined && request.format !== undefined && request.format !== suffix) {
    throw paramError({ format: `different storage formats (${request.format} != ${suffix})` });
  }
  const format = suffix ?? request.format ?? (storage.type === 'dir' ? 'qcow2' : 'raw');
  if (storage.type === 'lvmthin' && format !== 'raw') {
    throw guestError(`unsupported format '${format}'`);
  }
  return format;
}

/** POST `/nodes/{node}/storage/{storage}/content`: a disk image of a chosen name. */
export function allocNamedVolume(cluster: Cluster, request: NamedAllocation): string {
  const bytes = parseAllocSize(request.size);
  const storage = nodeStorage(cluster, request.node, request.storeid);
  const format = allocFormat(storage, request);
  const stem = request.filename.replace(/\.(raw|qcow2|vmdk)$/, '');
  if (!stem.startsWith(`vm-${request.vmid}-`)) {
    throw guestError(`illegal name '${request.filename}' - should be 'vm-${request.vmid}-*'`);
  }
  if (!storage.content.includes('images')) {
    throw guestError(`storage '${storage.storage}' does not support content-type 'images'`);
  }
  const volname = storage.type === 'dir' ? `${request.vmid}/${stem}.${format}` : stem;
  if (storage.volumes[volname] !== undefined) {
    throw guestError(`volume '${request.storeid}:${volname}' already exists`);
  }
  putVolume(storage, {
    volname,
    content: 'images',
    vmid: request.vmid,
    size: bytes,
    format,
    ctime: Math.floor(cluster.clock() / 1000),
    snapshots: [],
  });
  return `${request.storeid}:${volname}`;
}
