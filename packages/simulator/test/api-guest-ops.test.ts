import { afterEach, describe, expect, test } from 'vitest';
import { ManualTaskClock, type Simulator } from '../src/index.js';
import { form, simulator, tokenHeader } from './helpers.js';

let sim: Simulator;
let clock: ManualTaskClock;
let root: Record<string, string>;

async function setup(nodes = 1): Promise<void> {
  clock = new ManualTaskClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  sim = simulator({ taskClock: clock, nodes });
  const token = await sim.access.createToken('root@pam', 'admin', { privsep: false });
  root = tokenHeader(token.tokenId, token.secret);
}

afterEach(async () => {
  await sim.close();
});

async function call(method: string, path: string, params?: Record<string, string>) {
  const init: RequestInit = { method, headers: root };
  if (params !== undefined && method !== 'GET' && method !== 'DELETE') init.body = form(params);
  const query = params !== undefined && init.body === undefined ? `?${form(params)}` : '';
  const response = await sim.fetch(`/api2/json${path}${query}`, init);
  return { status: response.status, body: (await response.json()) as { data: unknown } };
}

async function runTask(method: string, path: string, params?: Record<string, string>) {
  const started = await call(method, path, params);
  expect(started.status).toBe(200);
  await clock.advance(0);
  return (await sim.tasks.whenDone(String(started.body.data))).exitstatus;
}

async function configOf(path: string): Promise<Record<string, string>> {
  return (await call('GET', `${path}/config`)).body.data as Record<string, string>;
}

describe('snapshots, clones and migration', () => {
  test('snapshot, change, roll back and delete', async () => {
    await setup();
    await runTask('POST', '/nodes/pve1/qemu', {
      vmid: '100',
      name: 'before',
      scsi0: 'local-lvm:4',
    });
    expect(await runTask('POST', '/nodes/pve1/qemu/100/snapshot', { snapname: 'first' })).toBe(
      'OK',
    );
    await call('PUT', '/nodes/pve1/qemu/100/config', { name: 'after' });

    const list = (await call('GET', '/nodes/pve1/qemu/100/snapshot')).body.data as {
      name: string;
      parent?: string;
    }[];
    expect(list.map((entry) => entry.name)).toEqual(['first', 'current']);
    expect(list.find((entry) => entry.name === 'current')?.parent).toBe('first');

    expect(await runTask('POST', '/nodes/pve1/qemu/100/snapshot/first/rollback')).toBe('OK');
    expect((await configOf('/nodes/pve1/qemu/100')).name).toBe('before');
    expect(await runTask('DELETE', '/nodes/pve1/qemu/100/snapshot/first')).toBe('OK');
    const after = (await call('GET', '/nodes/pve1/qemu/100/snapshot')).body.data as unknown[];
    expect(after).toHaveLength(1);
    expect(await runTask('DELETE', '/nodes/pve1/qemu/100/snapshot/first')).toBe(
      "snapshot 'first' does not exist",
    );
  });

  test('a full clone gets its own disks and the name Proxmox gives it', async () => {
    await setup();
    await runTask('POST', '/nodes/pve1/qemu', { vmid: '100', name: 'base', scsi0: 'local-lvm:4' });
    expect(await runTask('POST', '/nodes/pve1/qemu/100/clone', { newid: '101' })).toBe('OK');
    const clone = await configOf('/nodes/pve1/qemu/101');
    expect(clone.name).toBe('Copy-of-VM-base');
    expect(clone.scsi0).toMatch(/^local-lvm:vm-101-disk-0/);

    // Refused before any task starts, as qemu-server checks each drive before it forks.
    const linked = await call('POST', '/nodes/pve1/qemu/100/clone', { newid: '102', full: '0' });
    expect(linked.status).toBe(500);
    expect(JSON.stringify(linked.body)).not.toContain('UPID');
  });

  test('a stopped VM on local storage migrates offline to another node', async () => {
    await setup(2);
    await runTask('POST', '/nodes/pve1/qemu', { vmid: '100', scsi0: 'local-lvm:4' });
    expect(await runTask('POST', '/nodes/pve1/qemu/100/migrate', { target: 'pve2' })).toBe('OK');
    const onTarget = await call('GET', '/nodes/pve2/qemu/100/config');
    expect(onTarget.status).toBe(200);
    const here = await call('POST', '/nodes/pve2/qemu/100/migrate', { target: 'pve2' });
    expect(here.status).toBe(400);
    expect(here.body).toMatchObject({ errors: { target: 'target is local node.' } });
  });
});
