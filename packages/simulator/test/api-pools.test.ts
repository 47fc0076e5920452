import { afterEach, describe, expect, test } from 'vitest';
import { ManualTaskClock, type Simulator } from '../src/index.js';
import { cookie, form, login, simulator, tokenHeader } from './helpers.js';

let sim: Simulator;
let clock: ManualTaskClock;
let root: Record<string, string>;

async function setup(): Promise<void> {
  clock = new ManualTaskClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  sim = simulator({ taskClock: clock });
  const token = await sim.access.createToken('root@pam', 'admin', { privsep: false });
  root = tokenHeader(token.tokenId, token.secret);
  const created = await call('POST', '/nodes/pve1/qemu', { vmid: '100' });
  await clock.advance(0);
  await sim.tasks.whenDone(String(created.body.data));
}

afterEach(async () => {
  await sim.close();
});

async function call(method: string, path: string, params?: Record<string, string>, headers = root) {
  const init: RequestInit = { method, headers };
  if (params !== undefined && method !== 'GET' && method !== 'DELETE') init.body = form(params);
  const query = params !== undefined && init.body === undefined ? `?${form(params)}` : '';
  const response = await sim.fetch(`/api2/json${path}${query}`, init);
  return {
    status: response.status,
    reason: response.statusText,
    body: (await response.json()) as { data: unknown },
  };
}

describe('pools', () => {
  test('create a pool, add a VM and a storage, read the members, empty and delete it', async () => {
    await setup();
    expect((await call('POST', '/pools', { poolid: 'dev', comment: 'team' })).status).toBe(200);
    expect((await call('PUT', '/pools/dev', { vms: '100', storage: 'local-lvm' })).status).toBe(
      200,
    );

    const pool = (await call('GET', '/pools/dev')).body.data as {
      comment: string;
      members: { id: string }[];
    };
    expect(pool.comment).toBe('team');
    expect(pool.members.map((member) => member.id).sort()).toEqual([
      'qemu/100',
      'storage/pve1/local-lvm',
    ]);
    const onlyVms = (await call('GET', '/pools/dev', { type: 'qemu' })).body.data as {
      members: unknown[];
    };
    expect(onlyVms.members).toHaveLength(1);

    const busy = await call('DELETE', '/pools/dev');
    expect(busy.reason).toBe("delete pool failed: pool 'dev' is not empty");
    await call('PUT', '/pools/dev', { vms: '100', storage: 'local-lvm', delete: '1' });
    expect((await call('DELETE', '/pools/dev')).status).toBe(200);
    expect((await call('GET', '/pools')).body.data).toEqual([]);
  });

  test('a VM belongs to one pool unless moved; unknown VMs are refused', async () => {
    await setup();
    await call('POST', '/pools', { poolid: 'a' });
    await call('POST', '/pools', { poolid: 'b' });
    await call('PUT', '/pools/a', { vms: '100' });
    const clash = await call('PUT', '/pools/b', { vms: '100' });
    expect(clash.reason).toBe("VM 100 belongs already to pool 'a'");
    expect((await call('PUT', '/pools/b', { vms: '100', 'allow-move': '1' })).status).toBe(200);
    expect((await call('PUT', '/pools/b', { vms: '999' })).reason).toBe("no such VM '999'");
  });

  test('a role granted on a pool applies to the VMs in it', async () => {
    await setup();
    await call('POST', '/pools', { poolid: 'dev' });
    await call('PUT', '/pools/dev', { vms: '100' });
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const alice = cookie((await login(sim, 'alice@pve', 'alice-pw')).ticket);

    expect(
      (await call('GET', '/nodes/pve1/qemu/100/status/current', undefined, alice)).status,
    ).toBe(403);
    sim.access.setAcl({ path: '/pool/dev', roles: 'PVEAuditor', users: 'alice@pve' });
    expect(
      (await call('GET', '/nodes/pve1/qemu/100/status/current', undefined, alice)).status,
    ).toBe(200);
    const listed = (await call('GET', '/pools', undefined, alice)).body.data as {
      poolid: string;
    }[];
    expect(listed.map((pool) => pool.poolid)).toEqual(['dev']);
  });
});
