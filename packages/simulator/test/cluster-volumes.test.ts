import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createQemu, listContent, readConfig, updateConfig } from '../src/state/cluster/index.js';
import type { StorageState, VolumeState } from '../src/state/cluster/types.js';
import {
  dropVolume,
  findFreeDiskName,
  putVolume,
  undoVolumeChangesOnThrow,
} from '../src/state/cluster/volumes.js';
import { testCluster, thrown } from './cluster-helpers.js';

function emptyStorage(type: StorageState['type']): StorageState {
  return { storage: 's', type, content: ['images'], shared: false, total: 1e12, volumes: {} };
}

function volume(volname: string, vmid = 100): VolumeState {
  return { volname, content: 'images', vmid, size: 1, format: 'raw', ctime: 0, snapshots: [] };
}

/** The lowest free name worked out from every volume name, the slow way. */
function lowestFreeByScan(storage: StorageState, vmid: number): string {
  const names = Object.keys(storage.volumes).map((volname) =>
    (volname.split('/').pop() ?? volname).replace(/\.(raw|qcow2|vmdk)$/, ''),
  );
  let n = 0;
  while (names.includes(`vm-${vmid}-disk-${n}`) || names.includes(`base-${vmid}-disk-${n}`)) n++;
  return `vm-${vmid}-disk-${n}`;
}

// Volume names as both storage types write them, linked clones on dir storages included.
const volnameArbitrary = fc
  .record({
    prefix: fc.constantFrom('vm', 'base'),
    vmid: fc.constantFrom(100, 101),
    n: fc.integer({ min: 0, max: 4 }),
    layout: fc.constantFrom('lvm', 'qcow2', 'raw', 'linked', 'iso'),
  })
  .map(({ prefix, vmid, n, layout }) => {
    const name = `${prefix}-${vmid}-disk-${n}`;
    if (layout === 'lvm') return name;
    if (layout === 'linked')
      return `${vmid - 1}/base-${vmid - 1}-disk-0.qcow2/${vmid}/${name}.qcow2`;
    if (layout === 'iso') return `iso/${name}.iso`;
    return `${vmid}/${name}.${layout}`;
  });

const stepArbitrary = fc.record({ add: fc.boolean(), volname: volnameArbitrary });

describe('free disk names', () => {
  test('after any adds and removals the index picks what a scan of every volume picks', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 40 }), (steps) => {
        const storage = emptyStorage('dir');
        // The index is built by the first lookup, then kept up by every later step.
        findFreeDiskName(storage, 100);
        for (const { add, volname } of steps) {
          if (add) putVolume(storage, volume(volname));
          else dropVolume(storage, volname);
          for (const vmid of [100, 101]) {
            expect(findFreeDiskName(storage, vmid)).toBe(lowestFreeByScan(storage, vmid));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  test('a storage read back from JSON gets a fresh index and picks the same names', () => {
    const storage = emptyStorage('lvmthin');
    for (const volname of ['vm-100-disk-0', 'base-100-disk-1', 'vm-100-disk-3']) {
      putVolume(storage, volume(volname));
    }
    expect(findFreeDiskName(storage, 100)).toBe('vm-100-disk-2');

    const loaded = JSON.parse(JSON.stringify(storage)) as StorageState;
    expect(Object.keys(loaded)).toEqual(Object.keys(storage));
    expect(findFreeDiskName(loaded, 100)).toBe('vm-100-disk-2');
    putVolume(loaded, volume('vm-100-disk-2'));
    expect(findFreeDiskName(loaded, 100)).toBe('vm-100-disk-4');
    expect(findFreeDiskName(storage, 100)).toBe('vm-100-disk-2');
  });
});

describe('undoing volume changes', () => {
  test('a throw puts back what was added, replaced and removed, index included', () => {
    const storage = emptyStorage('lvmthin');
    const kept = volume('vm-100-disk-0');
    const replaced = volume('vm-100-disk-1');
    putVolume(storage, kept);
    putVolume(storage, replaced);
    expect(findFreeDiskName(storage, 100)).toBe('vm-100-disk-2');

    const failure = new Error('a later step failed');
    expect(() =>
      undoVolumeChangesOnThrow(() => {
        putVolume(storage, volume('vm-100-disk-2'));
        putVolume(storage, { ...replaced, size: 99 });
        dropVolume(storage, 'vm-100-disk-0');
        throw failure;
      }),
    ).toThrow(failure);

    expect(storage.volumes).toEqual({ 'vm-100-disk-0': kept, 'vm-100-disk-1': replaced });
    expect(storage.volumes['vm-100-disk-1']).toBe(replaced);
    expect(findFreeDiskName(storage, 100)).toBe('vm-100-disk-2');
  });

  test('changes of a finished inner run are undone when the outer run throws', () => {
    const storage = emptyStorage('lvmthin');
    expect(() =>
      undoVolumeChangesOnThrow(() => {
        putVolume(storage, volume('vm-100-disk-0'));
        undoVolumeChangesOnThrow(() => putVolume(storage, volume('vm-100-disk-1')));
        expect(Object.keys(storage.volumes)).toHaveLength(2);
        throw new Error('outer step failed');
      }),
    ).toThrow('outer step failed');
    expect(storage.volumes).toEqual({});
    expect(findFreeDiskName(storage, 100)).toBe('vm-100-disk-0');
  });

  test('a config change that fails on a later disk frees the disk it made first', () => {
    const { cluster } = testCluster();
    createQemu(cluster, 'pve1', 100, { scsi0: 'local-lvm:1' });
    const before = listContent(cluster, 'pve1', 'local-lvm');

    const failure = thrown(() =>
      updateConfig(cluster, 'pve1', 'qemu', 100, {
        set: { scsi1: 'local-lvm:1', scsi2: 'nosuch:1' },
      }),
    );
    expect(failure.message).toMatch(/nosuch/);
    expect(listContent(cluster, 'pve1', 'local-lvm')).toEqual(before);

    updateConfig(cluster, 'pve1', 'qemu', 100, { set: { scsi1: 'local-lvm:1' } });
    expect(readConfig(cluster, 'pve1', 'qemu', 100).scsi1).toMatch(/^local-lvm:vm-100-disk-1,/);
  });
});
