import { describe, expect, test } from 'vitest';
import {
  backupGuest,
  changePower,
  createLxc,
  createQemu,
  destroyGuest,
  listContent,
  listGuests,
  readConfig,
  storeFile,
} from '../src/state/cluster/index.js';
import { testCluster, thrown } from './cluster-helpers.js';

describe('storage content', () => {
  test('local lists the seeded ISOs and container templates by content type', () => {
    const { cluster } = testCluster();
    expect(listContent(cluster, 'pve1', 'local', { content: 'iso' }).map((v) => v.volid)).toEqual([
      'local:iso/debian-12.9.0-amd64-netinst.iso',
      'local:iso/ubuntu-24.04.1-live-server-amd64.iso',
    ]);
    const templates = listContent(cluster, 'pve1', 'local', { content: 'vztmpl' });
    expect(templates.map((v) => [v.volid, v.format])).toEqual([
      ['local:vztmpl/alpine-3.21-default_20241217_amd64.tar.xz', 'txz'],
      ['local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', 'tzst'],
    ]);
  });

  test('an uploaded ISO serves as a CD-ROM; bad names and wrong content are refused', () => {
    const { cluster } = testCluster();
    const volid = storeFile(cluster, {
      node: 'pve1',
      storeid: 'local',
      content: 'iso',
      filename: 'alpine.iso',
      size: 1000,
    });
    expect(volid).toBe('local:iso/alpine.iso');
    createQemu(cluster, 'pve1', 100, { ide2: `${volid},media=cdrom` });
    expect(readConfig(cluster, 'pve1', 'qemu', 100).ide2).toBe('local:iso/alpine.iso,media=cdrom');

    const request = { node: 'pve1', storeid: 'local', content: 'iso' as const, size: 1 };
    expect(
      thrown(() => storeFile(cluster, { ...request, filename: '../etc/passwd' })).message,
    ).toBe("invalid filename '../etc/passwd'");
    expect(
      thrown(() => storeFile(cluster, { ...request, storeid: 'local-lvm', filename: 'x.iso' }))
        .message,
    ).toBe("storage 'local-lvm' does not support content-type 'iso'");
    expect(
      thrown(() => createQemu(cluster, 'pve1', 101, { ide2: 'local:iso/nope.iso,media=cdrom' }))
        .message,
    ).toBe("volume 'local:iso/nope.iso' does not exist");
  });
});

describe('backups', () => {
  test('vzdump archives are named as vzdump names them and outlive the guest', () => {
    const { cluster, clock } = testCluster();
    createQemu(cluster, 'pve1', 100, { scsi0: 'local-lvm:4' });
    createLxc(cluster, 'pve1', 200, {
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:2',
    });
    expect(backupGuest(cluster, 'pve1', 'qemu', 100)).toBe(
      'local:backup/vzdump-qemu-100-2026_01_15-12_00_00.vma.zst',
    );
    clock.advance(61);
    expect(backupGuest(cluster, 'pve1', 'lxc', 200, { compress: 'gzip' })).toBe(
      'local:backup/vzdump-lxc-200-2026_01_15-12_01_01.tar.gz',
    );
    const backups = listContent(cluster, 'pve1', 'local', { content: 'backup' });
    expect(backups.map((b) => [b.vmid, b.format])).toEqual([
      [200, 'tar.gz'],
      [100, 'vma.zst'],
    ]);

    destroyGuest(cluster, 'pve1', 'qemu', 100);
    expect(listContent(cluster, 'pve1', 'local', { content: 'backup', vmid: 100 })).toHaveLength(1);
    expect(listContent(cluster, 'pve1', 'local-lvm', { vmid: 100 })).toEqual([]);
  });

  test('a backup holds the backup lock while its task runs', () => {
    const { cluster } = testCluster();
    createQemu(cluster, 'pve1', 100, {});
    backupGuest(cluster, 'pve1', 'qemu', 100, { keepLock: true });
    expect(thrown(() => changePower(cluster, 'pve1', 'qemu', 100, 'start')).message).toBe(
      'VM is locked (backup)',
    );
    expect(
      thrown(() => backupGuest(cluster, 'pve1', 'qemu', 100, { storage: 'local-lvm' })).message,
    ).toBe("storage 'local-lvm' does not support content-type 'backup'");
  });
});

describe('guest lists', () => {
  test('per node and type, with pid while running and type on containers', () => {
    const { cluster } = testCluster(2);
    createQemu(cluster, 'pve1', 101, { name: 'b' });
    createQemu(cluster, 'pve1', 100, { name: 'a' });
    createQemu(cluster, 'pve2', 102, {});
    createLxc(cluster, 'pve1', 200, {
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:2',
      hostname: 'ct',
    });
    changePower(cluster, 'pve1', 'qemu', 100, 'start');

    const vms = listGuests(cluster, 'pve1', 'qemu');
    expect(vms.map((g) => [g.vmid, g.name, g.status])).toEqual([
      [100, 'a', 'running'],
      [101, 'b', 'stopped'],
    ]);
    expect(vms[0]?.pid).toBeGreaterThan(0);
    expect(vms[1]?.pid).toBeUndefined();
    expect(listGuests(cluster, 'pve1', 'lxc')).toMatchObject([
      { vmid: 200, name: 'ct', type: 'lxc' },
    ]);
    expect(listGuests(cluster, 'pve2', 'qemu').map((g) => g.name)).toEqual(['VM 102']);
  });
});
