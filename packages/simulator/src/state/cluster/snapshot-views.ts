import { configDigest } from './config-file.js';
import type { Cluster } from './context.js';
import { getGuest, isRunning } from './guest.js';
import { getSnapshot } from './snapshots.js';
import type { GuestConfig, GuestType } from './types.js';

export interface SnapshotEntry {
  name: string;
  description?: string;
  snaptime?: number;
  vmstate?: 0 | 1;
  parent?: string;
  running?: 0 | 1;
  digest?: string;
}

/** GET `.../snapshot`: the snapshots plus the `current` entry for the live config. */
export function listSnapshots(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
): SnapshotEntry[] {
  const guest = getGuest(cluster, node, type, vmid);
  const entries: SnapshotEntry[] = Object.entries(guest.snapshots).map(([name, snap]) => {
    const entry: SnapshotEntry = {
      name,
      snaptime: Number(snap.snaptime ?? 0),
      description: snap.description ?? '',
    };
    if (type === 'qemu') entry.vmstate = snap.vmstate ? 1 : 0;
    if (snap.parent !== undefined) entry.parent = snap.parent;
    return entry;
  });
  // qemu-server and pve-container give the live entry a fixed description; the schema
  // requires one on every entry.
  const current: SnapshotEntry = {
    name: 'current',
    digest: configDigest(guest),
    description: 'You are here!',
  };
  if (type === 'qemu') current.running = isRunning(guest) ? 1 : 0;
  if (guest.config.parent !== undefined) current.parent = guest.config.parent;
  return [...entries, current];
}

/** GET `.../snapshot/{snapname}/config`: the snapshot's own section, without a digest. */
export function readSnapshotConfig(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  snapname: string,
): GuestConfig {
  const guest = getGuest(cluster, node, type, vmid);
  return { ...getSnapshot(guest, snapname) };
}
