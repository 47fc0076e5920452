import type { StorageState, VolumeState } from './types.js';

/**
 * Every write to a storage's `volumes` goes through `putVolume` and `dropVolume`, so the
 * index of taken disk names below stays in step with them. Without it, picking the next free
 * `vm-<vmid>-disk-<n>` looked at every volume on the storage, and making 10,000 VMs slowed
 * down with each one.
 *
 * The index is keyed by the `volumes` record itself and built on first use, so it is never
 * persisted: a cluster loaded from a state file (new records) gets a fresh one.
 */
type DiskNameCounts = Map<string, number>;

const indexes = new WeakMap<Record<string, VolumeState>, DiskNameCounts>();

// Only these names take part in `findFreeDiskName`; ISOs, templates and backups never do.
const DISK_NAME = /^(vm|base)-\d+-disk-\d+$/;

/** The disk name of a volume name: `100/vm-100-disk-0.qcow2` → `vm-100-disk-0`. */
function diskName(volname: string): string | undefined {
  const base = volname.slice(volname.lastIndexOf('/') + 1);
  const name = base.replace(/\.(raw|qcow2|vmdk)$/, '');
  return DISK_NAME.test(name) ? name : undefined;
}

function count(index: DiskNameCounts, volname: string, by: 1 | -1): void {
  const name = diskName(volname);
  if (name === undefined) return;
  const left = (index.get(name) ?? 0) + by;
  if (left > 0) index.set(name, left);
  else index.delete(name);
}

function diskNames(storage: StorageState): DiskNameCounts {
  let index = indexes.get(storage.volumes);
  if (index === undefined) {
    index = new Map();
    for (const volname of Object.keys(storage.volumes)) count(index, volname, 1);
    indexes.set(storage.volumes, index);
  }
  return index;
}

type Volumes = Record<string, VolumeState>;

/** What a volume name held before a change inside `undoVolumeChangesOnThrow`. */
interface VolumeChange {
  readonly volumes: Volumes;
  readonly volname: string;
  readonly previous: VolumeState | undefined;
}

let journal: VolumeChange[] | undefined;

function setVolume(volumes: Volumes, volname: string, volume: VolumeState | undefined): void {
  const previous = volumes[volname];
  if (previous === volume) return;
  journal?.push({ volumes, volname, previous });
  const index = indexes.get(volumes);
  if (index !== undefined && (previous === undefined) !== (volume === undefined)) {
    count(index, volname, previous === undefined ? 1 : -1);
  }
  if (volume === undefined) delete volumes[volname];
  else volumes[volname] = volume;
}

/** Add a volume under its `volname`, replacing one of the same name. */
export function putVolume(storage: StorageState, volume: VolumeState): void {
  setVolume(storage.volumes, volume.volname, volume);
}

/** Remove a volume by name; nothing happens when there is none. */
export function dropVolume(storage: StorageState, volname: string): void {
  setVolume(storage.volumes, volname, undefined);
}

/**
 * Run a synchronous `change`; if it throws, every volume it added, replaced or removed is put
 * back. Volumes are changed by replacing them (`putVolume`), never in place, so this is all a
 * rollback needs, and it costs nothing per volume the storages hold. Nested runs hand their
 * changes to the enclosing one, which can still undo them.
 */
export function undoVolumeChangesOnThrow<T>(change: () => T): T {
  const enclosing = journal;
  const changes: VolumeChange[] = [];
  journal = changes;
  try {
    const result = change();
    enclosing?.push(...changes);
    return result;
  } catch (error) {
    journal = undefined;
    for (const { volumes, volname, previous } of changes.reverse()) {
      setVolume(volumes, volname, previous);
    }
    throw error;
  } finally {
    journal = enclosing;
  }
}

/**
 * The lowest free `vm-<vmid>-disk-<n>`; a `base-` volume holds its index too, as in
 * pve-storage's `find_free_diskname`. A name counts as taken whatever directory or file
 * extension its volume has, so a linked clone's `…/101/vm-101-disk-0.qcow2` takes
 * `vm-101-disk-0`.
 */
export function findFreeDiskName(storage: StorageState, vmid: number): string {
  const taken = diskNames(storage);
  for (let n = 0; ; n++) {
    if (!taken.has(`vm-${vmid}-disk-${n}`) && !taken.has(`base-${vmid}-disk-${n}`)) {
      return `vm-${vmid}-disk-${n}`;
    }
  }
}
