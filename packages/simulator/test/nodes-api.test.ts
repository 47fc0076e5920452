import { afterEach, describe, expect, test } from 'vitest';
import type { Simulator } from '../src/index.js';
import { cookie, login, manualClock, simulator, tokenHeader } from './helpers.js';

let sim: Simulator;
let root: Record<string, string>;

async function setup(options: Parameters<typeof simulator>[0] = {}): Promise<void> {
  sim = simulator(options);
  const token = await sim.access.createToken('root@pam', 'admin', { privsep: false });
  root = tokenHeader(token.tokenId, token.secret);
}

afterEach(async () => {
  await sim.close();
});

async function get(path: string, headers = root): Promise<{ status: number; data: unknown }> {
  const response = await sim.fetch(`/api2/json${path}`, { headers });
  const body = response.status === 200 ? ((await response.json()) as { data: unknown }) : undefined;
  return { status: response.status, data: body?.data };
}

describe('nodes and cluster views', () => {
  test('a three-node simulator lists its nodes; uptime follows the clock', async () => {
    const clock = manualClock();
    await setup({ nodes: 3, clock: clock.now });
    clock.advance(90_000);
    const nodes = (await get('/nodes')).data as { node: string; uptime: number }[];
    expect(nodes.map((node) => node.node)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(nodes[0]?.uptime).toBe(90);

    const status = (await get('/cluster/status')).data as { type: string; nodes?: number }[];
    expect(status[0]).toMatchObject({ type: 'cluster', nodes: 3, quorate: 1 });
    expect(status.filter((entry) => entry.type === 'node')).toHaveLength(3);
  });

  test('node status, network and storage come from the cluster model', async () => {
    await setup();
    const status = (await get('/nodes/pve1/status')).data as { cpuinfo: { cpus: number } };
    expect(status.cpuinfo.cpus).toBeGreaterThan(0);
    const bridges = (await get('/nodes/pve1/network?type=bridge')).data as { iface: string }[];
    expect(bridges.map((nic) => nic.iface)).toContain('vmbr0');
    const images = (await get('/nodes/pve1/storage?content=images')).data as { storage: string }[];
    expect(images.map((storage) => storage.storage)).toEqual(['local-lvm']);
  });

  test('an unknown node is a 500 with the cluster model message', async () => {
    await setup();
    const response = await sim.fetch('/api2/json/nodes/pve9/status', { headers: root });
    expect(response.status).toBe(500);
    expect(response.statusText).toBe("no such cluster node 'pve9'");
  });

  test('nextid answers the lowest free id as a string; a taken id is a 400', async () => {
    await setup();
    expect((await get('/cluster/nextid')).data).toBe('100');
    expect((await get('/cluster/nextid?vmid=4242')).data).toBe('4242');
    const tooSmall = await sim.fetch('/api2/json/cluster/nextid?vmid=99', { headers: root });
    expect(await tooSmall.json()).toMatchObject({
      errors: { vmid: 'invalid format - value does not look like a valid VM ID\n' },
    });
  });

  test('resources and node figures are shown only to those who may audit them', async () => {
    await setup();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const alice = cookie((await login(sim, 'alice@pve', 'alice-pw')).ticket);

    expect((await get('/cluster/resources', alice)).data).toEqual([]);
    const [hidden] = (await get('/nodes', alice)).data as Record<string, unknown>[];
    expect(hidden).toMatchObject({ node: 'pve1', status: 'online' });
    expect(hidden).not.toHaveProperty('mem');
    expect((await get('/nodes/pve1/status', alice)).status).toBe(403);

    sim.access.setAcl({ path: '/nodes', roles: 'PVEAuditor', users: 'alice@pve' });
    const types = ((await get('/cluster/resources', alice)).data as { type: string }[]).map(
      (resource) => resource.type,
    );
    expect(types).toEqual(['node']);
    const [shown] = (await get('/nodes', alice)).data as Record<string, unknown>[];
    expect(shown).toHaveProperty('mem');

    const all = (await get('/cluster/resources?type=storage')).data as { type: string }[];
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((resource) => resource.type === 'storage')).toBe(true);
  });

  test('the nodes option is checked', () => {
    expect(() => simulator({ nodes: 0 })).toThrow(/nodes must be an integer 1-32/);
    sim = simulator();
  });
});
