import type { Cluster } from './context.js';
import { diskVolid } from './disks.js';
import { guestError } from './errors.js';
import { maxMemory } from './figures.js';
import { getGuest, isRunning, isTemplate } from './guest.js';
import { assertFileLockFree, type ConfigLock, checkLock, clearLock, setLock } from './locks.js';
import { withRollback } from './rollback.js';
import {
  allocVolume,
  findVolume,
  freeVolume,
  nodeStorage,
  parseVolid,
  updateVolume,
} from './storage.js';
import type { GuestConfig, GuestState, GuestType } from './types.js';

export interface SnapshotOptions {
  /** Save the running VM's RAM (`vmstate=1`). */
  vmstate?: boolean;
  description?: string;
  /** Leave the operation's config lock on for the caller's task to clear. */
  keepLock?: boolean;
}

/** Keys that describe the snapshot itself, not the guest (PVE::AbstractConfig). */
const SNAPSHOT_OWN = ['snaptime', 'vmstate', 'description', 'runningmachine', 'runningcpu'];

function finish(guest: GuestState, keepLock: boolean | undefined): void {
  if (!keepLock) clearLock(guest);
}

function begin(cluster: Cluster, guest: GuestState, lock: ConfigLock): void {
  assertFileLockFree(cluster, guest);
  setLock(guest, lock);
}

function diskVolids(guest: GuestState, config: GuestConfig): string[] {
  return Object.entries(config)
    .filter(([key]) => !key.startsWith('unused'))
    .map(([key, value]) => diskVolid(guest, key, value))
    .filter((volid): volid is string => volid !== undefined && !volid.includes('cloudinit'));
}

/** LVM-thin snapshots current volumes; a dir storage only qcow2 files. */
function assertSnapshotFeature(cluster: Cluster, guest: GuestState): void {
  for (const volid of diskVolids(guest, guest.config)) {
    const storage = nodeStorage(cluster, guest.node, parseVolid(volid).storeid);
    const volume = findVolume(cluster, guest.node, volid);
    const capable =
      storage.type === 'lvmthin' ? !/base-/.test(volume.volname) : volume.format === 'qcow2';
    if (!capable) throw guestError('snapshot feature is not available');
  }
}

/** The API refuses reserved names before it starts the snapshot worker. */
function assertNotReserved(snapname: string): void {
  if (snapname === 'current' || snapname === 'pending') {
    throw guestError(`unable to use snapshot name '${snapname}' (reserved name)`);
  }
}

/** Save RAM to `vm-<vmid>-state-<snapname>` on the first disk's storage. */
function saveVmstate(cluster: Cluster, guest: GuestState, snapname: string): string {
  const first = diskVolids(guest, guest.config)[0];
  const storeid = guest.config.vmstatestorage ?? (first ? parseVolid(first).storeid : 'local-lvm');
  const size = maxMemory(guest) * 2;
  const name = `vm-${guest.vmid}-state-${snapname}`;
  return allocVolume(cluster, {
    node: guest.node,
    storeid,
    vmid: guest.vmid,
    type: 'qemu',
    size,
    name,
  });
}

/** POST `.../snapshot`. */
export function createSnapshot(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  snapname: string,
  options: SnapshotOptions = {},
): void {
  const guest = getGuest(cluster, node, type, vmid);
  assertNotReserved(snapname);
  if (isTemplate(guest)) throw guestError("you can't take a snapshot if it's a template");
  assertFileLockFree(cluster, guest);
  checkLock(guest);
  if (guest.snapshots[snapname]) throw guestError(`snapshot name '${snapname}' already used`);
  assertSnapshotFeature(cluster, guest);
  withRollback(guest, () => takeSnapshot(cluster, guest, snapname, options));
}

function takeSnapshot(
  cluster: Cluster,
  guest: GuestState,
  snapname: string,
  options: SnapshotOptions,
): void {
  begin(cluster, guest, 'snapshot');
  const snapshot: GuestConfig = {};
  for (const [key, value] of Object.entries(guest.config)) {
    if (key === 'lock' || key === 'description' || /^unused\d+$/.test(key)) continue;
    snapshot[key] = value;
  }
  snapshot.snaptime = String(Math.floor(cluster.clock() / 1000));
  if (options.description) snapshot.description = options.description;
  if (options.vmstate && guest.type === 'qemu' && isRunning(guest)) {
    snapshot.vmstate = saveVmstate(cluster, guest, snapname);
    snapshot.runningmachine = 'pc-i440fx-9.2+pve0';
  }
  for (const volid of diskVolids(guest, guest.config)) {
    const { snapshots } = findVolume(cluster, guest.node, volid);
    updateVolume(cluster, guest.node, volid, { snapshots: [...snapshots, snapname] });
  }
  guest.snapshots[snapname] = snapshot;
  guest.config.parent = snapname;
  finish(guest, options.keepLock);
}

export function getSnapshot(guest: GuestState, snapname: string): GuestConfig {
  const snapshot = guest.snapshots[snapname];
  if (!snapshot) throw guestError(`snapshot '${snapname}' does not exist`);
  return snapshot;
}

export interface RollbackOptions {
  /** Start the guest after the rollback (a snapshot with RAM always resumes running). */
  start?: boolean;
  keepLock?: boolean;
}

/** POST `.../snapshot/{snapname}/rollback`. */
export function rollbackSnapshot(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  snapname: string,
  options: RollbackOptions = {},
): void {
  const guest = getGuest(cluster, node, type, vmid);
  const snapshot = getSnapshot(guest, snapname);
  assertFileLockFree(cluster, guest);
  checkLock(guest);

  const kept: GuestConfig = {};
  for (const [key, value] of Object.entries(guest.config)) {
    if (key === 'description' || /^unused\d+$/.test(key)) kept[key] = value;
  }
  const restored: GuestConfig = { ...kept };
  for (const [key, value] of Object.entries(snapshot)) {
    if (!SNAPSHOT_OWN.includes(key)) restored[key] = value;
  }
  restored.parent = snapname;
  guest.config = restored;
  guest.pending = {};
  guest.pendingDelete = [];
  setLock(guest, 'rollback');

  const resume = snapshot.vmstate !== undefined || options.start === true;
  guest.runtime.status = resume ? 'running' : 'stopped';
  guest.runtime.paused = false;
  guest.runtime.startedAt = resume ? cluster.clock() : null;
  guest.runtime.agentProcesses = [];
  finish(guest, options.keepLock);
}

/** DELETE `.../snapshot/{snapname}`: children move up to the deleted snapshot's parent. */
export function deleteSnapshot(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  snapname: string,
  options: { force?: boolean; keepLock?: boolean } = {},
): void {
  const guest = getGuest(cluster, node, type, vmid);
  const snapshot = getSnapshot(guest, snapname);
  assertFileLockFree(cluster, guest);
  if (!options.force) checkLock(guest);
  guest.config.lock = 'snapshot-delete';

  const parent = snapshot.parent;
  const reparent = (config: GuestConfig) => {
    if (config.parent !== snapname) return;
    if (parent === undefined) delete config.parent;
    else config.parent = parent;
  };
  for (const other of Object.values(guest.snapshots)) reparent(other);
  reparent(guest.config);

  if (snapshot.vmstate) freeVolume(cluster, node, snapshot.vmstate);
  for (const volid of diskVolids(guest, snapshot)) {
    const storeid = parseVolid(volid).storeid;
    const volume = nodeStorage(cluster, node, storeid).volumes[parseVolid(volid).volname];
    const snapshots = volume?.snapshots.filter((name) => name !== snapname);
    if (snapshots) updateVolume(cluster, node, volid, { snapshots });
  }
  delete guest.snapshots[snapname];
  finish(guest, options.keepLock);
}

/** PUT `.../snapshot/{snapname}/config`: only the description can change. */
export function updateSnapshotDescription(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  snapname: string,
  description: string,
): void {
  const guest = getGuest(cluster, node, type, vmid);
  assertFileLockFree(cluster, guest);
  checkLock(guest);
  getSnapshot(guest, snapname).description = description;
}
