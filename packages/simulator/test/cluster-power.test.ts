import { describe, expect, test } from 'vitest';
import {
  changePower,
  clearLock,
  convertToTemplate,
  createLxc,
  createQemu,
  currentStatus,
  holdFileLock,
  type PowerAction,
  setLock,
  updateConfig,
} from '../src/state/cluster/index.js';
import { testCluster, thrown } from './cluster-helpers.js';

function withVm() {
  const setup = testCluster();
  createQemu(setup.cluster, 'pve1', 100, { memory: '2048', cores: '2', scsi0: 'local-lvm:8' });
  return setup;
}

function withCt() {
  const setup = testCluster();
  createLxc(setup.cluster, 'pve1', 200, {
    ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    rootfs: 'local-lvm:4',
  });
  return setup;
}

describe('VM power state machine', () => {
  test('start, suspend, resume, reset, reboot, shutdown and stop move the VM along', () => {
    const { cluster } = withVm();
    const qmp = () => currentStatus(cluster, 'pve1', 'qemu', 100).qmpstatus;
    const act = (action: PowerAction) => changePower(cluster, 'pve1', 'qemu', 100, action);

    expect(qmp()).toBe('stopped');
    act('start');
    expect(qmp()).toBe('running');
    act('suspend');
    expect(qmp()).toBe('paused');
    act('resume');
    expect(qmp()).toBe('running');
    act('reset');
    expect(qmp()).toBe('running');
    act('reboot');
    expect(qmp()).toBe('running');
    act('shutdown');
    expect(qmp()).toBe('stopped');
    act('start');
    act('stop');
    expect(qmp()).toBe('stopped');
  });

  test.each([
    ['reboot', 'VM 100 not running'],
    ['suspend', 'VM 100 not running'],
    ['resume', 'VM 100 not running'],
    ['reset', 'VM 100 not running'],
  ] as const)('%s of a stopped VM fails with "%s"', (action, message) => {
    const { cluster } = withVm();
    const error = thrown(() => changePower(cluster, 'pve1', 'qemu', 100, action));
    expect(error.status).toBe(500);
    expect(error.message).toBe(message);
  });

  test('stop and shutdown of a stopped VM succeed quietly, as qemu-server does', () => {
    const { cluster } = withVm();
    changePower(cluster, 'pve1', 'qemu', 100, 'stop');
    changePower(cluster, 'pve1', 'qemu', 100, 'shutdown');
    expect(currentStatus(cluster, 'pve1', 'qemu', 100).status).toBe('stopped');
  });

  test('starting a running VM and shutting down a paused one fail with Proxmox words', () => {
    const { cluster } = withVm();
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    expect(thrown(() => changePower(cluster, 'pve1', 'qemu', 100, 'start')).message).toBe(
      'VM 100 already running',
    );
    changePower(cluster, 'pve1', 'qemu', 100, 'suspend');
    for (const action of ['shutdown', 'reboot'] as const) {
      expect(thrown(() => changePower(cluster, 'pve1', 'qemu', 100, action)).message).toBe(
        'VM is paused - cannot shutdown',
      );
    }
    changePower(cluster, 'pve1', 'qemu', 100, 'shutdown', { forceStop: true });
    expect(currentStatus(cluster, 'pve1', 'qemu', 100).status).toBe('stopped');
  });

  test('a NIC on a bridge the node lacks keeps the VM from starting', () => {
    const { cluster } = withVm();
    updateConfig(cluster, 'pve1', 'qemu', 100, { set: { net1: 'virtio,bridge=vmbr9' } });
    expect(thrown(() => changePower(cluster, 'pve1', 'qemu', 100, 'start')).message).toBe(
      "bridge 'vmbr9' does not exist",
    );
    updateConfig(cluster, 'pve1', 'qemu', 100, { set: { net1: 'virtio,bridge=vmbr0' } });
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    expect(currentStatus(cluster, 'pve1', 'qemu', 100).status).toBe('running');
  });

  test('a template cannot start', () => {
    const { cluster } = withVm();
    convertToTemplate(cluster, 'pve1', 'qemu', 100);
    expect(thrown(() => changePower(cluster, 'pve1', 'qemu', 100, 'start')).message).toBe(
      "you can't start a vm if it's a template",
    );
  });
});

describe('container power state machine', () => {
  test('stop, shutdown, reboot and suspend of a stopped CT fail; start twice fails', () => {
    const { cluster } = withCt();
    for (const action of ['stop', 'shutdown', 'reboot', 'suspend', 'resume'] as const) {
      expect(thrown(() => changePower(cluster, 'pve1', 'lxc', 200, action)).message).toBe(
        'CT 200 not running',
      );
    }
    changePower(cluster, 'pve1', 'lxc', 200, 'start');
    expect(thrown(() => changePower(cluster, 'pve1', 'lxc', 200, 'start')).message).toBe(
      'CT 200 already running',
    );
    changePower(cluster, 'pve1', 'lxc', 200, 'shutdown');
    expect(currentStatus(cluster, 'pve1', 'lxc', 200).status).toBe('stopped');
  });
});

describe('status figures', () => {
  test('uptime, netin/out and disk counters follow the injected clock; a stop resets them', () => {
    const { cluster, clock } = withVm();
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    clock.advance(90);
    const first = currentStatus(cluster, 'pve1', 'qemu', 100);
    expect(first.uptime).toBe(90);
    expect(first.maxmem).toBe(2048 * 1024 ** 2);
    expect(first.cpus).toBe(2);
    expect(first.maxdisk).toBe(8 * 1024 ** 3);
    expect(first.mem).toBeGreaterThan(0);
    expect(first.mem).toBeLessThan(first.maxmem);
    expect(first.cpu).toBeGreaterThan(0);
    expect(first.pid).toBeGreaterThan(0);

    clock.advance(30);
    const later = currentStatus(cluster, 'pve1', 'qemu', 100);
    expect(later.uptime).toBe(120);
    expect(later.netin).toBeGreaterThan(first.netin);
    expect(later.netout).toBeGreaterThan(first.netout);

    changePower(cluster, 'pve1', 'qemu', 100, 'stop');
    const stopped = currentStatus(cluster, 'pve1', 'qemu', 100);
    expect([stopped.uptime, stopped.cpu, stopped.mem, stopped.netin]).toEqual([0, 0, 0, 0]);
    expect(stopped.pid).toBeUndefined();
  });
});

describe('locks', () => {
  test('a config lock blocks power and config changes with "VM is locked (<what>)"', () => {
    const { cluster } = withVm();
    const guest = cluster.state.guests['100'];
    if (!guest) throw new Error('guest missing');
    setLock(guest, 'backup');
    expect(thrown(() => changePower(cluster, 'pve1', 'qemu', 100, 'start')).message).toBe(
      'VM is locked (backup)',
    );
    expect(
      thrown(() => updateConfig(cluster, 'pve1', 'qemu', 100, { set: { cores: '4' } })).message,
    ).toBe('VM is locked (backup)');
    expect(thrown(() => setLock(guest, 'clone')).message).toBe('VM is locked (backup)');

    changePower(cluster, 'pve1', 'qemu', 100, 'start', { skiplock: true });
    clearLock(guest);
    changePower(cluster, 'pve1', 'qemu', 100, 'stop');
    expect(currentStatus(cluster, 'pve1', 'qemu', 100).lock).toBeUndefined();
  });

  test('state checks come before the lock check, as the API handlers make them first', () => {
    const { cluster } = withCt();
    const guest = cluster.state.guests['200'];
    if (!guest) throw new Error('guest missing');
    setLock(guest, 'backup');
    expect(thrown(() => changePower(cluster, 'pve1', 'lxc', 200, 'stop')).message).toBe(
      'CT 200 not running',
    );
    expect(thrown(() => changePower(cluster, 'pve1', 'lxc', 200, 'start')).message).toBe(
      'CT is locked (backup)',
    );
    guest.config.template = '1';
    expect(thrown(() => changePower(cluster, 'pve1', 'lxc', 200, 'start')).message).toBe(
      "you can't start a CT if it's a template",
    );
  });

  test('a held config file lock times out other operations until released', () => {
    const { cluster } = withCt();
    const guest = cluster.state.guests['200'];
    if (!guest) throw new Error('guest missing');
    const release = holdFileLock(cluster, guest);
    expect(thrown(() => changePower(cluster, 'pve1', 'lxc', 200, 'start')).message).toBe(
      "can't lock file '/run/lock/lxc/pve-config-200.lock' - got timeout",
    );
    release();
    changePower(cluster, 'pve1', 'lxc', 200, 'start');
    expect(currentStatus(cluster, 'pve1', 'lxc', 200).status).toBe('running');
  });
});
