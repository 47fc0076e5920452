import { ProxmoxClient } from 'pvekit';
import { afterEach, describe, expect, test } from 'vitest';
import { createSimulator, ManualTaskClock, type Simulator } from '../src/index.js';

let sim: Simulator;
let clock: ManualTaskClock;
const clients: ProxmoxClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await sim.close();
});

type Auth = NonNullable<ConstructorParameters<typeof ProxmoxClient>[0]['auth']>;

function connect(auth: Auth): ProxmoxClient {
  const client = new ProxmoxClient({ baseUrl: 'https://pve1:8006', fetch: sim.fetch, auth });
  clients.push(client);
  return client;
}

let rootToken: { tokenId: string; secret: string };

async function setup(nodes = 1) {
  clock = new ManualTaskClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  sim = createSimulator({ rootPassword: 'root-password', taskClock: clock, nodes });
  rootToken = await sim.access.createToken('root@pam', 'ops', { privsep: false });
  return connect(rootToken);
}

async function createVm(client: ProxmoxClient, node: string, vmid: number): Promise<string> {
  const upid = await client.post<string>('/nodes/{node}/qemu', { node, vmid });
  await clock.advance(0);
  await sim.tasks.whenDone(upid);
  return upid;
}

interface IndexEntry {
  upid: string;
  node: string;
  type: string;
  user: string;
  tokenid?: string;
  status?: string;
  endtime?: number;
}

describe('/cluster/tasks', () => {
  test('lists the tasks of every node, newest first, with status once ended', async () => {
    const root = await setup(2);
    const first = await createVm(root, 'pve1', 100);
    await clock.advance(5_000);
    const second = await createVm(root, 'pve2', 101);

    const tasks = await root.get<IndexEntry[]>('/cluster/tasks');
    expect(tasks.map((task) => task.upid)).toEqual([second, first]);
    expect(tasks.map((task) => task.node)).toEqual(['pve2', 'pve1']);
    expect(tasks[0]).toMatchObject({
      type: 'qmcreate',
      user: 'root@pam',
      tokenid: 'ops',
      status: 'OK',
    });
    expect(tasks[0]?.endtime).toBeGreaterThan(0);
  });

  test('without Sys.Audit on / a user sees only their own tasks', async () => {
    const root = await setup();
    await createVm(root, 'pve1', 100);
    sim.access.addUser({ userid: 'frank@pve', password: 'frank-password' });
    sim.access.setAcl({ path: '/vms', roles: 'PVEVMAdmin', users: 'frank@pve' });
    const frank = connect({ username: 'frank@pve', password: 'frank-password' });
    expect(await frank.get('/cluster/tasks')).toEqual([]);

    const upid = await frank.post<string>('/nodes/{node}/qemu/{vmid}/status/start', {
      node: 'pve1',
      vmid: 100,
    });
    await clock.advance(0);
    await sim.tasks.whenDone(upid);
    const own = await frank.get<IndexEntry[]>('/cluster/tasks');
    expect(own.map((task) => task.upid)).toEqual([upid]);
    expect(own[0]).not.toHaveProperty('tokenid');
    expect(await root.get<IndexEntry[]>('/cluster/tasks')).toHaveLength(2);
  });
});

describe('/cluster/nextid and /cluster/resources', () => {
  test('nextid skips taken ids and refuses a taken one with a 400 on vmid', async () => {
    const root = await setup(3);
    await createVm(root, 'pve2', 100);
    expect(await root.get('/cluster/nextid')).toBe('101');
    const taken = await sim.fetch('/api2/json/cluster/nextid?vmid=100', {
      headers: { authorization: `PVEAPIToken=${rootToken.tokenId}=${rootToken.secret}` },
    });
    expect(taken.status).toBe(400);
    expect(await taken.json()).toMatchObject({ errors: { vmid: 'VM 100 already exists' } });
  });

  test('resources of a three-node cluster, by type', async () => {
    const root = await setup(3);
    await createVm(root, 'pve3', 100);
    const nodes = await root.get<{ id: string }[]>('/cluster/resources', { type: 'node' });
    expect(nodes.map((entry) => entry.id)).toEqual(['node/pve1', 'node/pve2', 'node/pve3']);
    const storages = await root.get<{ id: string }[]>('/cluster/resources', { type: 'storage' });
    expect(storages).toHaveLength(6);
    const vms = await root.get<{ id: string; node: string }[]>('/cluster/resources', {
      type: 'vm',
    });
    expect(vms).toEqual([expect.objectContaining({ id: 'qemu/100', node: 'pve3' })]);
  });
});
