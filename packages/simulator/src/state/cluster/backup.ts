import type { Cluster } from './context.js';
import { guestVolids } from './disks.js';
import { guestError } from './errors.js';
import { getGuest } from './guest.js';
import { assertFileLockFree, clearLock, setLock } from './locks.js';
import { assertContent, findVolume, nodeStorage } from './storage.js';
import type { GuestType } from './types.js';
import { putVolume } from './volumes.js';

export interface BackupOptions {
  /** A storage with `backup` content; `local` by default. */
  storage?: string;
  compress?: 'zstd' | 'gzip' | 'lzo' | '0';
  /** Leave `lock: backup` on the guest for the caller's task to clear. */
  keepLock?: boolean;
}

const EXTENSIONS: Record<NonNullable<BackupOptions['compress']>, string> = {
  zstd: '.zst',
  gzip: '.gz',
  lzo: '.lzo',
  '0': '',
};

/** vzdump's timestamp in archive names: `2026_01_15-12_00_00` (UTC here). */
function archiveTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '_')}-${iso.slice(11, 19).replaceAll(':', '_')}`;
}

/**
 * A vzdump archive of the guest on a backup storage, named as vzdump names it
 * (`vzdump-qemu-100-2026_01_15-12_00_00.vma.zst`).
 * Limitation: the archive holds nothing; restoring from it is not modelled.
 */
export function backupGuest(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  options: BackupOptions = {},
): string {
  const guest = getGuest(cluster, node, type, vmid);
  const storeid = options.storage ?? 'local';
  const storage = nodeStorage(cluster, node, storeid);
  assertContent(storage, 'backup');
  assertFileLockFree(cluster, guest);
  setLock(guest, 'backup');

  const kind = type === 'qemu' ? 'vma' : 'tar';
  const extension = EXTENSIONS[options.compress ?? 'zstd'];
  const stamp = archiveTime(cluster.clock());
  const volname = `backup/vzdump-${type}-${vmid}-${stamp}.${kind}${extension}`;
  if (storage.volumes[volname]) throw guestError(`backup file '${volname}' already exists`);
  const diskBytes = guestVolids(guest)
    .map((volid) => findVolume(cluster, node, volid))
    .filter((volume) => volume.vmid === vmid)
    .reduce((sum, volume) => sum + volume.size, 0);
  putVolume(storage, {
    volname,
    content: 'backup',
    vmid,
    size: Math.max(1024 ** 2, Math.floor(diskBytes / 20)),
    format: `${kind}${extension}`.replace(/^\./, ''),
    ctime: Math.floor(cluster.clock() / 1000),
    snapshots: [],
  });
  if (!options.keepLock) clearLock(guest);
  return `${storeid}:${volname}`;
}
