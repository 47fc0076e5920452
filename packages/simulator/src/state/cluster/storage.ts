import type { Cluster } from './context.js';
import { guestError } from './errors.js';
import type { ContentType, GuestType, StorageState, VolumeState } from './types.js';
import { dropVolume, findFreeDiskName, putVolume } from './volumes.js';

export function nodeStorage(cluster: Cluster, node: string, storeid: string): StorageState {
  const storage = cluster.state.nodes[node]?.storages[storeid];
  if (!storage) throw guestError(`storage '${storeid}' does not exist`);
  return storage;
}

/** `local-lvm:vm-100-disk-0` → storage and volume name (pve-storage `parse_volume_id`). */
export function parseVolid(volid: string): { storeid: string; volname: string } {
  const match = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i.exec(volid);
  if (!match?.[1] || !match[2]) throw guestError(`unable to parse volume ID '${volid}'`);
  return { storeid: match[1], volname: match[2] };
}

export function findVolume(cluster: Cluster, node: string, volid: string): VolumeState {
  const { storeid, volname } = parseVolid(volid);
  const volume = nodeStorage(cluster, node, storeid).volumes[volname];
  if (!volume) throw guestError(`volume '${volid}' does not exist`);
  return volume;
}

type VolumeChanges = Partial<Pick<VolumeState, 'size' | 'snapshots' | 'notes' | 'protected'>>;

/** Replace a volume with a changed copy (see `undoVolumeChangesOnThrow` for why a copy). */
export function updateVolume(
  cluster: Cluster,
  node: string,
  volid: string,
  changes: VolumeChanges,
): VolumeState {
  const { storeid } = parseVolid(volid);
  const updated = { ...findVolume(cluster, node, volid), ...changes };
  putVolume(nodeStorage(cluster, node, storeid), updated);
  return updated;
}

export function assertContent(storage: StorageState, content: ContentType): void {
  if (!storage.content.includes(content)) {
    throw guestError(`storage '${storage.storage}' does not support content-type '${content}'`);
  }
}

/** The volume name a plugin gives a disk: LVM-thin uses the bare LV name, dir a file path. */
function volnameFor(storage: StorageState, vmid: number, name: string, format: string): string {
  return storage.type === 'dir' ? `${vmid}/${name}.${format}` : name;
}

export interface AllocRequest {
  node: string;
  storeid: string;
  vmid: number;
  type: GuestType;
  size: number;
  /** A fixed name (`vm-100-cloudinit`); the next free `vm-<vmid>-disk-<n>` otherwise. */
  name?: string;
}

/** Allocate a guest volume and return its volume ID. */
export function allocVolume(cluster: Cluster, request: AllocRequest): string {
  const storage = nodeStorage(cluster, request.node, request.storeid);
  assertContent(storage, request.type === 'qemu' ? 'images' : 'rootdir');
  const format = storage.type === 'dir' && request.type === 'qemu' ? 'qcow2' : 'raw';
  const name = request.name ?? findFreeDiskName(storage, request.vmid);
  const volname = volnameFor(storage, request.vmid, name, format);
  if (storage.volumes[volname]) {
    throw guestError(`volume '${request.storeid}:${volname}' already exists`);
  }
  putVolume(storage, {
    volname,
    content: request.type === 'qemu' ? 'images' : 'rootdir',
    vmid: request.vmid,
    size: request.size,
    format,
    ctime: Math.floor(cluster.clock() / 1000),
    snapshots: [],
  });
  return `${request.storeid}:${volname}`;
}

export function freeVolume(cluster: Cluster, node: string, volid: string): void {
  const { storeid, volname } = parseVolid(volid);
  const storage = nodeStorage(cluster, node, storeid);
  if (!storage.volumes[volname]) throw guestError(`volume '${volid}' does not exist`);
  dropVolume(storage, volname);
}

/** Rename `vm-` to `base-` when a guest becomes a template (pve-storage `create_base`). */
export function createBase(cluster: Cluster, node: string, volid: string): string {
  const { storeid, volname } = parseVolid(volid);
  const storage = nodeStorage(cluster, node, storeid);
  const volume = findVolume(cluster, node, volid);
  const snapshot = volume.snapshots[0];
  if (snapshot !== undefined) {
    // Proxmox's wording, typo included (LvmThinPlugin `create_base`).
    const lv = `snap_${volname}_${snapshot}`;
    throw guestError(`unable to create base volume - found snaphost '${lv}'`);
  }
  const baseName = volname.replace(/(^|\/)vm-/, '$1base-');
  dropVolume(storage, volname);
  putVolume(storage, { ...volume, volname: baseName });
  return `${storeid}:${baseName}`;
}

export function isBaseVolume(volid: string): boolean {
  return /(^|[:/])base-\d+-/.test(parseVolid(volid).volname);
}

/**
 * A linked clone of a base volume. LVM-thin names it like any new disk (`vm-101-disk-0`,
 * its LvmThinPlugin `clone_image`); dir storages keep the base in the path,
 * `100/base-100-disk-0.qcow2/101/vm-101-disk-0.qcow2`.
 */
export function linkedCloneVolume(
  cluster: Cluster,
  node: string,
  baseVolid: string,
  vmid: number,
): string {
  const { storeid, volname } = parseVolid(baseVolid);
  const storage = nodeStorage(cluster, node, storeid);
  const base = findVolume(cluster, node, baseVolid);
  const name = findFreeDiskName(storage, vmid);
  const newVolname = storage.type === 'dir' ? `${volname}/${vmid}/${name}.${base.format}` : name;
  putVolume(storage, {
    ...base,
    volname: newVolname,
    vmid,
    ctime: Math.floor(cluster.clock() / 1000),
    snapshots: [],
  });
  return `${storeid}:${newVolname}`;
}

export interface ContentEntry {
  volid: string;
  content: ContentType;
  format: string;
  size: number;
  ctime: number;
  vmid?: number;
  notes?: string;
  protected?: 1;
}

/** `GET /nodes/{node}/storage/{storage}/content`, optionally filtered like the API. */
export function listContent(
  cluster: Cluster,
  node: string,
  storeid: string,
  filter: { content?: ContentType; vmid?: number } = {},
): ContentEntry[] {
  const storage = nodeStorage(cluster, node, storeid);
  return Object.values(storage.volumes)
    .filter((v) => filter.content === undefined || v.content === filter.content)
    .filter((v) => filter.vmid === undefined || v.vmid === filter.vmid)
    .sort((a, b) => (a.volname < b.volname ? -1 : 1))
    .map((v) => ({
      volid: `${storeid}:${v.volname}`,
      content: v.content,
      format: v.format,
      size: v.size,
      ctime: v.ctime,
      ...(v.vmid === undefined ? {} : { vmid: v.vmid }),
      ...(v.notes === undefined ? {} : { notes: v.notes }),
      ...(v.protected === true ? { protected: 1 } : {}),
    }));
}

export function storageUsage(storage: StorageState): number {
  return Object.values(storage.volumes).reduce((sum, v) => sum + v.size, 0);
}

/** Disk images and container volumes, as opposed to backups, ISOs and templates. */
export function isGuestVolume(volume: VolumeState): boolean {
  return volume.content === 'images' || volume.content === 'rootdir';
}

/**
 * Free every disk `vmid` owns on the node (destroy's `destroy-unreferenced-disks`); its
 * backups stay, as they do on Proxmox.
 */
export function freeOwnedVolumes(cluster: Cluster, node: string, vmid: number): string[] {
  const freed: string[] = [];
  const storages = cluster.state.nodes[node]?.storages ?? {};
  for (const storage of Object.values(storages)) {
    for (const volume of Object.values(storage.volumes)) {
      if (volume.vmid !== vmid || !isGuestVolume(volume)) continue;
      dropVolume(storage, volume.volname);
      freed.push(`${storage.storage}:${volume.volname}`);
    }
  }
  return freed;
}

export type FileContent = 'iso' | 'vztmpl' | 'snippets';

/** Store an uploaded or downloaded file (`iso/<name>`, `vztmpl/<name>`, `snippets/<name>`). */
export function storeFile(
  cluster: Cluster,
  request: { node: string; storeid: string; content: FileContent; filename: string; size: number },
): string {
  const storage = nodeStorage(cluster, request.node, request.storeid);
  assertContent(storage, request.content);
  if (!/^[-\w.+=]+$/.test(request.filename) || request.filename.startsWith('.')) {
    throw guestError(`invalid filename '${request.filename}'`);
  }
  const volname = `${request.content}/${request.filename}`;
  const format = fileFormat(request.content, request.filename);
  putVolume(storage, {
    volname,
    content: request.content,
    size: request.size,
    format,
    ctime: Math.floor(cluster.clock() / 1000),
    snapshots: [],
  });
  return `${request.storeid}:${volname}`;
}

/** The `format` a content listing shows for a file: `iso`, `tzst`, `txz`, `tgz`, … */
export function fileFormat(content: ContentType, filename: string): string {
  if (content === 'iso') return 'iso';
  const archive = /\.tar\.(zst|xz|gz)$/.exec(filename)?.[1];
  if (archive) return `t${archive}`;
  return filename.split('.').pop() ?? 'raw';
}
