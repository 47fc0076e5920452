import { describe, expect, test } from 'vitest';
import {
  changePower,
  cloneGuest,
  convertToTemplate,
  createLxc,
  createQemu,
  createSnapshot,
  currentStatus,
  destroyGuest,
  listContent,
  migrateGuest,
  moveDisk,
  readConfig,
  resizeDisk,
  updateConfig,
} from '../src/state/cluster/index.js';
import { testCluster, thrown } from './cluster-helpers.js';

function withVm(nodes = 1) {
  const setup = testCluster(nodes);
  createQemu(setup.cluster, 'pve1', 100, {
    name: 'base',
    scsi0: 'local-lvm:8',
    net0: 'virtio,bridge=vmbr0',
    ide2: 'local-lvm:cloudinit',
  });
  return setup;
}

describe('templates and clones', () => {
  test('converting to a template renames disks to base-<vmid>-disk-<n>', () => {
    const { cluster } = withVm();
    convertToTemplate(cluster, 'pve1', 'qemu', 100);
    const config = readConfig(cluster, 'pve1', 'qemu', 100);
    expect(config.template).toBe('1');
    expect(config.scsi0).toBe('local-lvm:base-100-disk-0,size=8G');
    expect(config.ide2).toBe('local-lvm:vm-100-cloudinit,media=cdrom');
    expect(thrown(() => convertToTemplate(cluster, 'pve1', 'qemu', 100)).message).toBe(
      "you can't convert a template to a template",
    );
  });

  test('a conversion that fails on a later disk leaves the earlier ones untouched', () => {
    const { cluster } = withVm();
    updateConfig(cluster, 'pve1', 'qemu', 100, { set: { scsi1: 'local-lvm:1' } });
    const second = cluster.state.nodes.pve1?.storages['local-lvm']?.volumes['vm-100-disk-1'];
    second?.snapshots.push('stray');
    expect(thrown(() => convertToTemplate(cluster, 'pve1', 'qemu', 100)).message).toBe(
      "unable to create base volume - found snaphost 'snap_vm-100-disk-1_stray'",
    );
    const config = readConfig(cluster, 'pve1', 'qemu', 100);
    expect(config.scsi0).toBe('local-lvm:vm-100-disk-0,size=8G');
    expect(config.template).toBeUndefined();
    expect(listContent(cluster, 'pve1', 'local-lvm').map((v) => v.volid)).toContain(
      'local-lvm:vm-100-disk-0',
    );
  });

  test('a running VM is not converted', () => {
    const { cluster } = withVm();
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    expect(thrown(() => convertToTemplate(cluster, 'pve1', 'qemu', 100)).message).toBe(
      "you can't convert a VM to template if VM is running",
    );
  });

  test('a template clones linked by default: LVM-thin names the clone vm-<newid>-disk-<n>', () => {
    const { cluster } = withVm();
    convertToTemplate(cluster, 'pve1', 'qemu', 100);
    const source = readConfig(cluster, 'pve1', 'qemu', 100);
    cloneGuest(cluster, 'pve1', 'qemu', 100, { newid: 101 });

    const clone = readConfig(cluster, 'pve1', 'qemu', 101);
    expect(clone.scsi0).toBe('local-lvm:vm-101-disk-0,size=8G');
    expect(clone.ide2).toBe('local-lvm:vm-101-cloudinit,media=cdrom');
    expect(clone.name).toBe('Copy-of-VM-base');
    expect(clone.template).toBeUndefined();
    expect(clone.lock).toBeUndefined();
    expect(clone.net0).not.toBe(source.net0);
    expect(clone.net0).toMatch(/^virtio=BC:24:11(:[0-9A-F]{2}){3},bridge=vmbr0$/);
    expect(clone.smbios1).not.toBe(source.smbios1);
    expect(clone.vmgenid).not.toBe(source.vmgenid);
  });

  test('a linked clone needs a template; a full clone of a VM copies its disks', () => {
    const { cluster } = withVm();
    expect(
      thrown(() => cloneGuest(cluster, 'pve1', 'qemu', 100, { newid: 101, full: false })).message,
    ).toBe("Linked clone feature is not supported for drive 'scsi0'");
    expect(cluster.state.guests['101']).toBeUndefined();

    cloneGuest(cluster, 'pve1', 'qemu', 100, { newid: 102, name: 'copy' });
    const clone = readConfig(cluster, 'pve1', 'qemu', 102);
    expect(clone.scsi0).toBe('local-lvm:vm-102-disk-0,size=8G');
    expect(clone.name).toBe('copy');
    const owned = listContent(cluster, 'pve1', 'local-lvm', { vmid: 102 }).map((v) => v.volid);
    expect(owned).toEqual(['local-lvm:vm-102-cloudinit', 'local-lvm:vm-102-disk-0']);
  });

  test('refused: storage for a linked clone, a taken newid, local disks to another node', () => {
    const { cluster } = withVm(2);
    convertToTemplate(cluster, 'pve1', 'qemu', 100);
    const linked = thrown(() =>
      cloneGuest(cluster, 'pve1', 'qemu', 100, { newid: 101, storage: 'local-lvm' }),
    );
    expect(linked.status).toBe(500);
    expect(linked.message).toBe("parameter 'storage' not allowed for linked clones");
    expect(thrown(() => cloneGuest(cluster, 'pve1', 'qemu', 100, { newid: 100 })).message).toBe(
      "VM 100 already exists on node 'pve1'",
    );
    expect(
      thrown(() =>
        cloneGuest(cluster, 'pve1', 'qemu', 100, { newid: 101, full: true, target: 'pve2' }),
      ).message,
    ).toBe("can't clone VM to node 'pve2' (VM uses local storage)");
  });

  test('on LVM-thin a snapshot of a plain VM clones linked too', () => {
    const { cluster } = withVm();
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'golden');
    updateConfig(cluster, 'pve1', 'qemu', 100, { set: { name: 'changed-later' } });
    cloneGuest(cluster, 'pve1', 'qemu', 100, { newid: 101, full: false, snapname: 'golden' });
    const clone = readConfig(cluster, 'pve1', 'qemu', 101);
    expect(clone.scsi0).toBe('local-lvm:vm-101-disk-0,size=8G');
    expect(clone.name).toBe('Copy-of-VM-base');
    expect(clone.parent).toBeUndefined();
    expect(
      thrown(() => cloneGuest(cluster, 'pve1', 'qemu', 100, { newid: 102, snapname: 'x' })).message,
    ).toBe("snapshot 'x' does not exist");
  });

  test('keepLock leaves lock: clone on the new guest; a container clone keeps its hostname', () => {
    const { cluster } = testCluster();
    createLxc(cluster, 'pve1', 200, {
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
      hostname: 'ct',
      net0: 'name=eth0,bridge=vmbr0',
    });
    cloneGuest(cluster, 'pve1', 'lxc', 200, { newid: 201, keepLock: true });
    const clone = readConfig(cluster, 'pve1', 'lxc', 201);
    expect(clone.lock).toBe('clone');
    expect(clone.hostname).toBe('ct');
    expect(clone.rootfs).toBe('local-lvm:vm-201-disk-0,size=4G');
    expect(thrown(() => changePower(cluster, 'pve1', 'lxc', 201, 'start')).message).toBe(
      'CT is locked (clone)',
    );
  });

  test('destroying a template keeps its linked clones usable on LVM-thin', () => {
    const { cluster } = withVm();
    convertToTemplate(cluster, 'pve1', 'qemu', 100);
    cloneGuest(cluster, 'pve1', 'qemu', 100, { newid: 101 });
    destroyGuest(cluster, 'pve1', 'qemu', 100);
    changePower(cluster, 'pve1', 'qemu', 101, 'start');
    expect(currentStatus(cluster, 'pve1', 'qemu', 101).maxdisk).toBe(8 * 1024 ** 3);
  });
});

describe('migration', () => {
  test('offline migration moves the guest and its local volumes', () => {
    const { cluster } = withVm(2);
    migrateGuest(cluster, 'pve1', 'qemu', 100, { target: 'pve2' });
    expect(readConfig(cluster, 'pve2', 'qemu', 100).scsi0).toBe('local-lvm:vm-100-disk-0,size=8G');
    expect(listContent(cluster, 'pve1', 'local-lvm')).toEqual([]);
    expect(listContent(cluster, 'pve2', 'local-lvm')).toHaveLength(2);
    expect(thrown(() => readConfig(cluster, 'pve1', 'qemu', 100)).message).toBe(
      "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist",
    );
  });

  test('a running VM needs online, and with-local-disks for its local disks', () => {
    const { cluster } = withVm(2);
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    const move = (options: object) =>
      thrown(() => migrateGuest(cluster, 'pve1', 'qemu', 100, { target: 'pve2', ...options }));
    expect(move({}).message).toBe("can't migrate running VM without --online");
    expect(move({ online: true }).message).toBe(
      "can't live migrate attached local disks without with-local-disks option",
    );
    migrateGuest(cluster, 'pve1', 'qemu', 100, {
      target: 'pve2',
      online: true,
      withLocalDisks: true,
    });
    expect(currentStatus(cluster, 'pve2', 'qemu', 100).status).toBe('running');
  });

  test('target checks, and a running container needs restart mode', () => {
    const { cluster } = testCluster(2);
    createLxc(cluster, 'pve1', 200, {
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
    });
    const same = thrown(() => migrateGuest(cluster, 'pve1', 'lxc', 200, { target: 'pve1' }));
    expect([same.status, same.errors]).toEqual([400, { target: 'target is local node.' }]);
    expect(
      thrown(() => migrateGuest(cluster, 'pve1', 'lxc', 200, { target: 'pve9' })).message,
    ).toBe("no such cluster node 'pve9'");
    changePower(cluster, 'pve1', 'lxc', 200, 'start');
    expect(
      thrown(() => migrateGuest(cluster, 'pve1', 'lxc', 200, { target: 'pve2' })).message,
    ).toBe('running container can only be migrated in restart mode');
    migrateGuest(cluster, 'pve1', 'lxc', 200, { target: 'pve2', restart: true });
    expect(currentStatus(cluster, 'pve2', 'lxc', 200).status).toBe('running');
  });
});

describe('disk resize and move', () => {
  test('+2G grows by, 20G grows to, shrinking is refused', () => {
    const { cluster } = withVm();
    resizeDisk(cluster, 'pve1', 'qemu', 100, 'scsi0', '+2G');
    expect(readConfig(cluster, 'pve1', 'qemu', 100).scsi0).toBe('local-lvm:vm-100-disk-0,size=10G');
    resizeDisk(cluster, 'pve1', 'qemu', 100, 'scsi0', '20G');
    expect(readConfig(cluster, 'pve1', 'qemu', 100).scsi0).toBe('local-lvm:vm-100-disk-0,size=20G');
    expect(listContent(cluster, 'pve1', 'local-lvm', { vmid: 100 })[1]?.size).toBe(20 * 1024 ** 3);
    expect(thrown(() => resizeDisk(cluster, 'pve1', 'qemu', 100, 'scsi0', '10G')).message).toBe(
      'shrinking disks is not supported',
    );
    expect(thrown(() => resizeDisk(cluster, 'pve1', 'qemu', 100, 'scsi5', '+1G')).message).toBe(
      "disk 'scsi5' does not exist",
    );
    expect(thrown(() => resizeDisk(cluster, 'pve1', 'qemu', 100, 'ide2', '+1G')).message).toBe(
      "you can't resize a cdrom",
    );
  });

  test('moving to another storage allocates there and keeps the source as unused0', () => {
    const { cluster } = withVm();
    const node = cluster.state.nodes.pve1;
    if (!node) throw new Error('node missing');
    node.storages.fast = {
      storage: 'fast',
      type: 'lvmthin',
      content: ['images', 'rootdir'],
      shared: false,
      total: 1024 ** 4,
      volumes: {},
    };
    expect(thrown(() => moveDisk(cluster, 'pve1', 'qemu', 100, 'scsi0', 'local-lvm')).message).toBe(
      "you can't move to the same storage with same format",
    );
    expect(thrown(() => moveDisk(cluster, 'pve1', 'qemu', 100, 'scsi0', 'local')).message).toBe(
      "storage 'local' does not support content-type 'images'",
    );
    const volid = moveDisk(cluster, 'pve1', 'qemu', 100, 'scsi0', 'fast');
    expect(volid).toBe('fast:vm-100-disk-0');
    const config = readConfig(cluster, 'pve1', 'qemu', 100);
    expect(config.scsi0).toBe('fast:vm-100-disk-0,size=8G');
    expect(config.unused0).toBe('local-lvm:vm-100-disk-0');
  });
});
