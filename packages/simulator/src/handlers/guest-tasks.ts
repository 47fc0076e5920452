import { diskVolid, guestVolids } from '../state/cluster/disks.js';
import {
  type Cluster,
  clearLock,
  type GuestState,
  nodeStorage,
  parseVolid,
} from '../state/cluster/index.js';
import type { WorkerContext } from '../tasks/registry.js';
import { type Request, startWorker } from './guest-common.js';

/**
 * How long guest worker tasks run on a small real node, in milliseconds by task type. The
 * simulator uses them when started with `taskDurations: 'realistic'`; by default every task
 * ends as soon as its work is done, so tests need not move a clock.
 */
export const REALISTIC_TASK_MS: Readonly<Record<string, number>> = {
  qmcreate: 2000,
  vzcreate: 6000,
  qmstart: 1500,
  vzstart: 1000,
  qmstop: 1000,
  vzstop: 800,
  qmshutdown: 4000,
  vzshutdown: 2000,
  qmreboot: 6000,
  vzreboot: 3000,
  qmsuspend: 500,
  vzsuspend: 500,
  qmresume: 500,
  vzresume: 500,
  qmreset: 300,
  qmdestroy: 1500,
  vzdestroy: 1500,
  qmconfig: 300,
  qmclone: 8000,
  vzclone: 8000,
  qmigrate: 12000,
  vzmigrate: 8000,
  qmsnapshot: 2000,
  vzsnapshot: 2000,
  qmrollback: 2500,
  vzrollback: 2500,
  qmdelsnapshot: 1500,
  vzdelsnapshot: 1500,
  qmmove: 6000,
  move_volume: 6000,
  qmtemplate: 2000,
  resize: 500,
};

/** What a guest task does at its start; it returns the guest whose config lock it holds. */
export type GuestWork = (worker: WorkerContext) => GuestState | undefined;

function durationOf(request: Request, type: string): number {
  return request.state.taskDurations?.[type] ?? 0;
}

/**
 * Starts a guest worker: the work happens when the task starts, the config lock it took stays
 * for the task's run (so other calls meanwhile get `VM is locked (clone)`), and is dropped
 * when the task ends, after `finish` (work that lands at the end, as a migration's move). A
 * stopped task keeps its lock, as in Proxmox, where only an update with
 * `skiplock` and `delete=lock` (what `qm unlock` does) clears it.
 */
export function startGuestTask(
  request: Request,
  type: string,
  vmid: number,
  work: GuestWork,
  finish?: (worker: WorkerContext) => void,
): string {
  const durationMs = durationOf(request, type);
  return startWorker(request, type, String(vmid), async (worker) => {
    const locked = work(worker);
    const lock = locked?.config.lock;
    if (durationMs > 0) await worker.sleep(durationMs);
    finish?.(worker);
    if (locked !== undefined && lock !== undefined && locked.config.lock === lock) {
      clearLock(locked);
    }
  });
}

function isLvm(cluster: Cluster, node: string, volid: string): boolean {
  const { storeid } = parseVolid(volid);
  try {
    return nodeStorage(cluster, node, storeid).type === 'lvmthin';
  } catch {
    return false;
  }
}

/** The lines LVM prints for each volume a new guest got (`lvcreate` output in the task log). */
export function logAllocations(worker: WorkerContext, cluster: Cluster, guest: GuestState): void {
  for (const volid of guestVolids(guest)) {
    if (!volid.includes(`-${guest.vmid}-`) || !isLvm(cluster, guest.node, volid)) continue;
    worker.log(`  Logical volume "${parseVolid(volid).volname}" created.`);
  }
}

/** The lines `lvremove` prints for each volume a destroyed guest gave back. */
export function logRemovals(
  worker: WorkerContext,
  cluster: Cluster,
  node: string,
  volids: readonly string[],
): void {
  for (const volid of volids) {
    if (isLvm(cluster, node, volid)) {
      worker.log(`  Logical volume "pve/${parseVolid(volid).volname}" successfully removed.`);
    }
  }
}

/**
 * The lines of an LVM-thin snapshot or its removal: qemu-server names each drive
 * (`snapshotting 'drive-scsi0' (local-lvm:vm-100-disk-0)`), LVM each `snap_` volume.
 */
export function logSnapshotVolumes(
  worker: WorkerContext,
  cluster: Cluster,
  guest: GuestState,
  snapname: string,
  change: 'created' | 'removed',
): void {
  for (const [key, value] of Object.entries(guest.config)) {
    if (key.startsWith('unused')) continue;
    const volid = diskVolid(guest, key, value);
    if (volid === undefined || volid.includes('cloudinit')) continue;
    const drive = guest.type === 'qemu' ? `drive-${key}` : key;
    if (change === 'created') worker.log(`snapshotting '${drive}' (${volid})`);
    if (!isLvm(cluster, guest.node, volid)) continue;
    const lv = `snap_${parseVolid(volid).volname}_${snapname}`;
    worker.log(
      change === 'created'
        ? `  Logical volume "${lv}" created.`
        : `  Logical volume "${lv}" successfully removed.`,
    );
  }
}
