import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  changePower,
  createLxc,
  createQemu,
  destroyGuest,
  listContent,
  readConfig,
  readPending,
  renderConfigFile,
  SimulatorError,
  updateConfig,
} from '../src/state/cluster/index.js';
import { testCluster, thrown } from './cluster-helpers.js';

describe('creating a VM', () => {
  test('allocates STORAGE:SIZE disks under Proxmox names and stores canonical values', () => {
    const { cluster } = testCluster();
    createQemu(cluster, 'pve1', 100, {
      name: 'web',
      memory: '2048',
      scsi0: 'local-lvm:32,iothread=1',
      scsi1: 'local-lvm:0.5',
      net0: 'virtio,bridge=vmbr0,firewall=1',
      ide2: 'local:iso/debian-12.9.0-amd64-netinst.iso,media=cdrom',
    });
    const config = readConfig(cluster, 'pve1', 'qemu', 100);

    expect(config.scsi0).toBe('local-lvm:vm-100-disk-0,iothread=1,size=32G');
    expect(config.scsi1).toBe('local-lvm:vm-100-disk-1,size=512M');
    expect(config.net0).toMatch(/^virtio=BC:24:11(:[0-9A-F]{2}){3},bridge=vmbr0,firewall=1$/);
    expect(config.ide2).toBe('local:iso/debian-12.9.0-amd64-netinst.iso,media=cdrom');
    expect(config.smbios1).toMatch(/^uuid=[0-9a-f-]{36}$/);
    expect(config.meta).toBe(`creation-qemu=9.2.0,ctime=${Math.floor(cluster.clock() / 1000)}`);
    expect(config.lock).toBeUndefined();
    expect(config.boot).toBe('order=scsi0;ide2;net0');

    const images = listContent(cluster, 'pve1', 'local-lvm', { content: 'images' });
    expect(images.map((v) => [v.volid, v.size, v.vmid])).toEqual([
      ['local-lvm:vm-100-disk-0', 32 * 1024 ** 3, 100],
      ['local-lvm:vm-100-disk-1', 512 * 1024 ** 2, 100],
    ]);
  });

  test('a cloud-init drive gets the vm-<vmid>-cloudinit volume and the password is hashed', () => {
    const { cluster } = testCluster();
    createQemu(cluster, 'pve1', 101, {
      ide2: 'local-lvm:cloudinit',
      ciuser: 'admin',
      cipassword: 'hunter2-secret',
      ipconfig0: 'ip=10.1.2.3/24,gw=10.1.2.1',
    });
    const config = readConfig(cluster, 'pve1', 'qemu', 101);
    expect(config.ide2).toBe('local-lvm:vm-101-cloudinit,media=cdrom');
    expect(config.ciuser).toBe('admin');
    expect(config.cipassword).toMatch(/^\$5\$/);
    expect(JSON.stringify(cluster.state)).not.toContain('hunter2-secret');
  });

  test('deleting the cloud-init drive frees it rather than keeping it as unused', () => {
    const { cluster } = testCluster();
    createQemu(cluster, 'pve1', 101, { ide2: 'local-lvm:cloudinit' });
    updateConfig(cluster, 'pve1', 'qemu', 101, { delete: ['ide2'] });
    expect(readConfig(cluster, 'pve1', 'qemu', 101).unused0).toBeUndefined();
    expect(listContent(cluster, 'pve1', 'local-lvm')).toEqual([]);
  });

  test('the vmid is checked across the cluster and guest types', () => {
    const { cluster } = testCluster(2);
    createLxc(cluster, 'pve2', 100, {
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:8',
    });
    const error = thrown(() => createQemu(cluster, 'pve1', 100, {}));
    expect(error).toBeInstanceOf(SimulatorError);
    expect(error.status).toBe(500);
    expect(error.message).toBe("CT 100 already exists on node 'pve2'");
  });

  test('a failed allocation leaves neither the guest nor its first disks behind', () => {
    const { cluster } = testCluster();
    const error = thrown(() =>
      createQemu(cluster, 'pve1', 100, { scsi0: 'local-lvm:8', scsi1: 'local:8' }),
    );
    expect(error.message).toBe("storage 'local' does not support content-type 'images'");
    expect(cluster.state.guests['100']).toBeUndefined();
    expect(listContent(cluster, 'pve1', 'local-lvm')).toEqual([]);
  });

  test('a missing guest is reported with its config file path', () => {
    const { cluster } = testCluster();
    const error = thrown(() => readConfig(cluster, 'pve1', 'qemu', 100));
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist",
    );
  });
});

describe('creating a container', () => {
  test('stores rootfs, net with hwaddr, arch and ostype; never the root password', () => {
    const { cluster } = testCluster();
    createLxc(cluster, 'pve1', 200, {
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:8',
      hostname: 'ct1',
      password: 'ct-root-secret',
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
    });
    const config = readConfig(cluster, 'pve1', 'lxc', 200);
    expect(config.rootfs).toBe('local-lvm:vm-200-disk-0,size=8G');
    expect(config.net0).toMatch(
      /^name=eth0,bridge=vmbr0,hwaddr=BC:24:11(:[0-9A-F]{2}){3},ip=dhcp,type=veth$/,
    );
    expect(config.arch).toBe('amd64');
    expect(config.ostype).toBe('debian');
    expect(config.hostname).toBe('ct1');
    expect(JSON.stringify(cluster.state)).not.toContain('ct-root-secret');
  });

  test('an unknown template and the default rootfs on `local` fail as Proxmox does', () => {
    const { cluster } = testCluster();
    expect(
      thrown(() => createLxc(cluster, 'pve1', 200, { ostemplate: 'local:vztmpl/x.tar.gz' }))
        .message,
    ).toBe("volume 'local:vztmpl/x.tar.gz' does not exist");
    const template = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
    expect(thrown(() => createLxc(cluster, 'pve1', 200, { ostemplate: template })).message).toBe(
      "storage 'local' does not support content-type 'rootdir'",
    );
  });
});

describe('config updates', () => {
  function vm() {
    const setup = testCluster();
    createQemu(setup.cluster, 'pve1', 100, { name: 'a', memory: '1024', scsi0: 'local-lvm:4' });
    return setup;
  }

  test('the digest is the SHA-1 of the config file as Proxmox writes it', () => {
    const { cluster } = vm();
    updateConfig(cluster, 'pve1', 'qemu', 100, { set: { description: 'line one\nport: 80' } });
    const guest = cluster.state.guests['100'];
    if (!guest) throw new Error('guest missing');
    const file = renderConfigFile(guest);

    expect(file.startsWith('#line one\n#port%3A 80\n')).toBe(true);
    const keys = file
      .split('\n')
      .filter((l) => /^[a-z]/.test(l))
      .map((l) => l.split(':')[0]);
    expect(keys).toEqual([...keys].sort());
    const digest = createHash('sha1').update(file).digest('hex');
    expect(readConfig(cluster, 'pve1', 'qemu', 100).digest).toBe(digest);
  });

  test('a stale digest is refused with Proxmox message; the current one is accepted', () => {
    const { cluster } = vm();
    const { digest } = readConfig(cluster, 'pve1', 'qemu', 100);
    updateConfig(cluster, 'pve1', 'qemu', 100, { set: { cores: '2' }, digest });
    const error = thrown(() =>
      updateConfig(cluster, 'pve1', 'qemu', 100, { set: { cores: '4' }, digest }),
    );
    expect(error.message).toBe('checksum missmatch (file change by other user?)');
    expect(readConfig(cluster, 'pve1', 'qemu', 100).cores).toBe('2');
  });

  test('a container checks its lock first, then the digest in pve-common words', () => {
    const { cluster } = testCluster();
    createLxc(cluster, 'pve1', 200, {
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
    });
    const { digest } = readConfig(cluster, 'pve1', 'lxc', 200);
    updateConfig(cluster, 'pve1', 'lxc', 200, { set: { memory: '1024' }, digest });
    const stale = () =>
      updateConfig(cluster, 'pve1', 'lxc', 200, { set: { memory: '2048' }, digest });
    expect(thrown(stale).message).toBe(
      'detected modified configuration - file changed by other user? Try again.',
    );
    const guest = cluster.state.guests['200'];
    if (!guest) throw new Error('guest missing');
    guest.config.lock = 'backup';
    expect(thrown(stale).message).toBe('CT is locked (backup)');
  });

  test('delete= removes keys; a deleted disk becomes unused0, deleting unused0 frees it', () => {
    const { cluster } = vm();
    updateConfig(cluster, 'pve1', 'qemu', 100, { delete: ['name', 'scsi0'] });
    let config = readConfig(cluster, 'pve1', 'qemu', 100);
    expect(config.name).toBeUndefined();
    expect(config.scsi0).toBeUndefined();
    expect(config.unused0).toBe('local-lvm:vm-100-disk-0');

    updateConfig(cluster, 'pve1', 'qemu', 100, { delete: ['unused0'] });
    config = readConfig(cluster, 'pve1', 'qemu', 100);
    expect(config.unused0).toBeUndefined();
    expect(listContent(cluster, 'pve1', 'local-lvm')).toEqual([]);
  });

  test('an update that fails on one key changes nothing and allocates nothing', () => {
    const { cluster } = vm();
    const before = readConfig(cluster, 'pve1', 'qemu', 100);
    const error = thrown(() =>
      updateConfig(cluster, 'pve1', 'qemu', 100, {
        set: { scsi1: 'local-lvm:2', name: 'changed', scsi2: 'nosuch:2' },
      }),
    );
    expect(error.message).toBe("storage 'nosuch' does not exist");
    expect(readConfig(cluster, 'pve1', 'qemu', 100)).toEqual(before);
    expect(listContent(cluster, 'pve1', 'local-lvm').map((v) => v.volid)).toEqual([
      'local-lvm:vm-100-disk-0',
    ]);
  });

  test('setting and deleting the same key is a parameter error', () => {
    const { cluster } = vm();
    const error = thrown(() =>
      updateConfig(cluster, 'pve1', 'qemu', 100, { set: { name: 'x' }, delete: ['name'] }),
    );
    expect(error.status).toBe(400);
    expect(error.errors).toEqual({
      delete: "you can't use '-name' and -delete name' at the same time",
    });
  });

  test('a running VM keeps non-hotpluggable changes pending until revert or restart', () => {
    const { cluster } = vm();
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    updateConfig(cluster, 'pve1', 'qemu', 100, {
      set: { memory: '4096', name: 'renamed', cores: '4' },
      delete: ['scsi0'],
    });

    expect(readConfig(cluster, 'pve1', 'qemu', 100, { current: true }).memory).toBe('1024');
    expect(readConfig(cluster, 'pve1', 'qemu', 100).memory).toBe('4096');
    expect(readConfig(cluster, 'pve1', 'qemu', 100).name).toBe('renamed');
    const pending = readPending(cluster, 'pve1', 'qemu', 100);
    expect(pending.find((e) => e.key === 'memory')).toEqual({
      key: 'memory',
      value: '1024',
      pending: '4096',
    });
    expect(pending.find((e) => e.key === 'name')).toEqual({ key: 'name', value: 'renamed' });
    expect(readConfig(cluster, 'pve1', 'qemu', 100).unused0).toBe('local-lvm:vm-100-disk-0');

    updateConfig(cluster, 'pve1', 'qemu', 100, { revert: ['cores'] });
    expect(
      readPending(cluster, 'pve1', 'qemu', 100).find((e) => e.key === 'cores'),
    ).toBeUndefined();
    expect(renderConfigFile(cluster.state.guests['100'] as never)).toContain(
      '\n[PENDING]\nmemory: 4096\n',
    );

    changePower(cluster, 'pve1', 'qemu', 100, 'reboot');
    expect(readConfig(cluster, 'pve1', 'qemu', 100, { current: true }).memory).toBe('4096');
    expect(readPending(cluster, 'pve1', 'qemu', 100).every((e) => e.pending === undefined)).toBe(
      true,
    );
  });

  test('a running VM queues deletion of a non-hotpluggable key', () => {
    const { cluster } = vm();
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    updateConfig(cluster, 'pve1', 'qemu', 100, { delete: ['memory'] });
    expect(readPending(cluster, 'pve1', 'qemu', 100).find((e) => e.key === 'memory')).toEqual({
      key: 'memory',
      value: '1024',
      delete: 1,
    });
    expect(readConfig(cluster, 'pve1', 'qemu', 100).memory).toBeUndefined();
    expect(readConfig(cluster, 'pve1', 'qemu', 100, { current: true }).memory).toBe('1024');
  });
});

describe('destroy', () => {
  test('frees owned volumes, keeps shared ISOs, and purge drops pool membership', () => {
    const { cluster } = testCluster();
    cluster.state.pools.lab = { poolid: 'lab', vmids: [], storages: [] };
    createQemu(cluster, 'pve1', 100, {
      scsi0: 'local-lvm:4',
      ide2: 'local:iso/debian-12.9.0-amd64-netinst.iso,media=cdrom',
      pool: 'lab',
    });
    expect(cluster.state.pools.lab?.vmids).toEqual([100]);
    const freed = destroyGuest(cluster, 'pve1', 'qemu', 100, { purge: true });
    expect(freed).toEqual(['local-lvm:vm-100-disk-0']);
    expect(cluster.state.pools.lab?.vmids).toEqual([]);
    expect(listContent(cluster, 'pve1', 'local', { content: 'iso' })).toHaveLength(2);
  });

  test('a running or protected guest is not destroyed', () => {
    const { cluster } = testCluster();
    createQemu(cluster, 'pve1', 100, { protection: '1' });
    expect(thrown(() => destroyGuest(cluster, 'pve1', 'qemu', 100)).message).toBe(
      "can't remove VM 100 - protection mode enabled",
    );
    updateConfig(cluster, 'pve1', 'qemu', 100, { delete: ['protection'] });
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    expect(thrown(() => destroyGuest(cluster, 'pve1', 'qemu', 100)).message).toBe(
      'VM 100 is running - destroy failed',
    );
  });
});
