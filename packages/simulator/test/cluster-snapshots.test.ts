import { describe, expect, test } from 'vitest';
import {
  changePower,
  convertToTemplate,
  createLxc,
  createQemu,
  createSnapshot,
  currentStatus,
  deleteSnapshot,
  holdFileLock,
  listContent,
  listSnapshots,
  readConfig,
  readSnapshotConfig,
  rollbackSnapshot,
  updateConfig,
  updateSnapshotDescription,
} from '../src/state/cluster/index.js';
import { testCluster, thrown } from './cluster-helpers.js';

function withVm() {
  const setup = testCluster();
  createQemu(setup.cluster, 'pve1', 100, { memory: '1024', scsi0: 'local-lvm:4', name: 'db' });
  return setup;
}

function tree(entries: ReturnType<typeof listSnapshots>) {
  return Object.fromEntries(entries.map((e) => [e.name, e.parent ?? null]));
}

describe('snapshots', () => {
  test('form a tree through parent; current points at the newest', () => {
    const { cluster, clock } = withVm();
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'a', { description: 'first' });
    clock.advance(60);
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'b');
    rollbackSnapshot(cluster, 'pve1', 'qemu', 100, 'a');
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'c');

    const entries = listSnapshots(cluster, 'pve1', 'qemu', 100);
    expect(tree(entries)).toEqual({ a: null, b: 'a', c: 'a', current: 'c' });
    const a = entries.find((e) => e.name === 'a');
    const b = entries.find((e) => e.name === 'b');
    expect(a?.description).toBe('first');
    expect(b?.snaptime).toBe((a?.snaptime ?? 0) + 60);
    const current = entries.find((e) => e.name === 'current');
    expect(current?.description).toBe('You are here!');
    expect(current?.running).toBe(0);
    expect(current?.digest).toBe(readConfig(cluster, 'pve1', 'qemu', 100).digest);
  });

  test('the snapshot is a section of the config file and readable as a config', () => {
    const { cluster } = withVm();
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'before');
    updateConfig(cluster, 'pve1', 'qemu', 100, { set: { memory: '4096' } });
    const snapshot = readConfig(cluster, 'pve1', 'qemu', 100, { snapshot: 'before' });
    expect(snapshot.memory).toBe('1024');
    expect(snapshot.snaptime).toMatch(/^\d+$/);
    expect(readConfig(cluster, 'pve1', 'qemu', 100).parent).toBe('before');
  });

  test('a snapshot description can be changed; its own config carries no digest', () => {
    const { cluster } = withVm();
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'a', { description: 'old' });
    const digest = readConfig(cluster, 'pve1', 'qemu', 100).digest;
    updateSnapshotDescription(cluster, 'pve1', 'qemu', 100, 'a', 'new words');
    expect(readSnapshotConfig(cluster, 'pve1', 'qemu', 100, 'a')).toMatchObject({
      description: 'new words',
      memory: '1024',
    });
    expect(readSnapshotConfig(cluster, 'pve1', 'qemu', 100, 'a').digest).toBeUndefined();
    expect(readConfig(cluster, 'pve1', 'qemu', 100).digest).not.toBe(digest);
    expect(
      thrown(() => updateSnapshotDescription(cluster, 'pve1', 'qemu', 100, 'b', 'x')).message,
    ).toBe("snapshot 'b' does not exist");
  });

  test('rollback restores the config and stops a VM snapshotted without RAM', () => {
    const { cluster } = withVm();
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'clean');
    updateConfig(cluster, 'pve1', 'qemu', 100, { set: { memory: '8192', description: 'kept' } });
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    rollbackSnapshot(cluster, 'pve1', 'qemu', 100, 'clean');

    const config = readConfig(cluster, 'pve1', 'qemu', 100);
    expect(config.memory).toBe('1024');
    expect(config.description).toBe('kept');
    expect(config.lock).toBeUndefined();
    expect(currentStatus(cluster, 'pve1', 'qemu', 100).status).toBe('stopped');
  });

  test('a RAM snapshot stores a vmstate volume and rolls back to a running VM', () => {
    const { cluster } = withVm();
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'live', { vmstate: true });
    const snapshot = readConfig(cluster, 'pve1', 'qemu', 100, { snapshot: 'live' });
    expect(snapshot.vmstate).toBe('local-lvm:vm-100-state-live');
    expect(
      listSnapshots(cluster, 'pve1', 'qemu', 100).find((e) => e.name === 'live')?.vmstate,
    ).toBe(1);

    changePower(cluster, 'pve1', 'qemu', 100, 'stop');
    rollbackSnapshot(cluster, 'pve1', 'qemu', 100, 'live');
    expect(currentStatus(cluster, 'pve1', 'qemu', 100).status).toBe('running');

    deleteSnapshot(cluster, 'pve1', 'qemu', 100, 'live');
    const volids = listContent(cluster, 'pve1', 'local-lvm').map((v) => v.volid);
    expect(volids).toEqual(['local-lvm:vm-100-disk-0']);
  });

  test('deleting a snapshot re-parents its children and the current state', () => {
    const { cluster } = withVm();
    for (const name of ['a', 'b', 'c']) createSnapshot(cluster, 'pve1', 'qemu', 100, name);
    deleteSnapshot(cluster, 'pve1', 'qemu', 100, 'b');
    expect(tree(listSnapshots(cluster, 'pve1', 'qemu', 100))).toEqual({
      a: null,
      c: 'a',
      current: 'c',
    });
    deleteSnapshot(cluster, 'pve1', 'qemu', 100, 'c');
    expect(tree(listSnapshots(cluster, 'pve1', 'qemu', 100))).toEqual({ a: null, current: 'a' });
  });

  test('errors: duplicate, reserved and missing names, templates, locks', () => {
    const { cluster } = withVm();
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'a');
    expect(thrown(() => createSnapshot(cluster, 'pve1', 'qemu', 100, 'a')).message).toBe(
      "snapshot name 'a' already used",
    );
    expect(thrown(() => createSnapshot(cluster, 'pve1', 'qemu', 100, 'current')).message).toBe(
      "unable to use snapshot name 'current' (reserved name)",
    );
    expect(thrown(() => rollbackSnapshot(cluster, 'pve1', 'qemu', 100, 'zz')).message).toBe(
      "snapshot 'zz' does not exist",
    );
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'held', { keepLock: true });
    expect(thrown(() => createSnapshot(cluster, 'pve1', 'qemu', 100, 'x')).message).toBe(
      'VM is locked (snapshot)',
    );
    const guest = cluster.state.guests['100'];
    if (!guest) throw new Error('guest missing');
    delete guest.config.lock;
    const release = holdFileLock(cluster, guest);
    expect(thrown(() => deleteSnapshot(cluster, 'pve1', 'qemu', 100, 'a')).message).toBe(
      "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout",
    );
    release();
    deleteSnapshot(cluster, 'pve1', 'qemu', 100, 'a');
    deleteSnapshot(cluster, 'pve1', 'qemu', 100, 'held');

    convertToTemplate(cluster, 'pve1', 'qemu', 100);
    expect(thrown(() => createSnapshot(cluster, 'pve1', 'qemu', 100, 't')).message).toBe(
      "you can't take a snapshot if it's a template",
    );
  });

  test('a VM with snapshots is not converted to a template', () => {
    const { cluster } = withVm();
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'a');
    expect(thrown(() => convertToTemplate(cluster, 'pve1', 'qemu', 100)).message).toBe(
      'unable to create template, because VM contains snapshots',
    );
  });

  test('a container with snapshots is not converted either', () => {
    const { cluster } = testCluster();
    createLxc(cluster, 'pve1', 200, {
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
    });
    createSnapshot(cluster, 'pve1', 'lxc', 200, 'a');
    expect(thrown(() => convertToTemplate(cluster, 'pve1', 'lxc', 200)).message).toBe(
      'unable to create template, because CT contains snapshots',
    );
  });
});
