import { ProxmoxClient, ProxmoxHttpError } from 'pvekit';
import { afterEach, describe, expect, test } from 'vitest';
import { ManualTaskClock, type Simulator } from '../src/index.js';
import { simulator } from './helpers.js';

let sim: Simulator;
let clock: ManualTaskClock;
let client: ProxmoxClient;

interface Volume {
  volid: string;
  content: string;
  size: number;
  format: string;
  vmid?: number;
  notes?: string;
  protected?: number;
}

async function setup(nodes = 1): Promise<void> {
  clock = new ManualTaskClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  sim = simulator({ taskClock: clock, nodes });
  const token = await sim.access.createToken('root@pam', 'storage', { privsep: false });
  client = new ProxmoxClient({ baseUrl: 'https://pve1:8006', fetch: sim.fetch, auth: token });
}

afterEach(async () => {
  await client.close();
  await sim.close();
});

async function failure(promise: Promise<unknown>): Promise<ProxmoxHttpError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProxmoxHttpError)) throw new Error(`expected an HTTP error: ${error}`);
  return error;
}

async function content(storage: string, params: Record<string, string> = {}) {
  return client.get<Volume[]>('/nodes/{node}/storage/{storage}/content', {
    node: 'pve1',
    storage,
    ...params,
  });
}

describe('storage configuration and status', () => {
  test('GET /storage lists local (dir) and local-lvm (lvmthin) with their content', async () => {
    await setup();
    const all = await client.get<Record<string, unknown>[]>('/storage');
    expect(all.map((entry) => [entry.storage, entry.type])).toEqual([
      ['local', 'dir'],
      ['local-lvm', 'lvmthin'],
    ]);
    const local = all[0] ?? {};
    expect(String(local.content).split(',').sort()).toEqual([
      'backup',
      'iso',
      'snippets',
      'vztmpl',
    ]);
    expect(local.path).toBe('/var/lib/vz');
    expect(local.digest).toMatch(/^[0-9a-f]{40}$/);

    const thin = await client.get<Record<string, unknown>>('/storage/{storage}', {
      storage: 'local-lvm',
    });
    expect(thin).toMatchObject({ type: 'lvmthin', vgname: 'pve', thinpool: 'data' });
    const onlyDirs = await client.get<{ storage: string }[]>('/storage', { type: 'dir' });
    expect(onlyDirs.map((entry) => entry.storage)).toEqual(['local']);

    const missing = await failure(client.get('/storage/{storage}', { storage: 'nope' }));
    expect(missing.status).toBe(500);
    expect(missing.serverMessage).toBe("storage 'nope' does not exist");
  });

  test('node storage status and the enabled/content filters of the node list', async () => {
    await setup();
    const status = await client.get<Record<string, unknown>>(
      '/nodes/{node}/storage/{storage}/status',
      { node: 'pve1', storage: 'local' },
    );
    expect(status).toMatchObject({ type: 'dir', active: 1, enabled: 1 });
    expect(Number(status.total)).toBe(Number(status.used) + Number(status.avail));
    const forIso = await client.get<{ storage: string }[]>('/nodes/{node}/storage', {
      node: 'pve1',
      content: 'iso',
      enabled: 1,
    });
    expect(forIso.map((entry) => entry.storage)).toEqual(['local']);
  });
});

describe('storage definitions', () => {
  test('define a dir storage on every node, change its content, remove it', async () => {
    await setup(2);
    const created = await client.post('/storage', {
      storage: 'backups',
      type: 'dir',
      path: '/mnt/backups',
      content: 'backup,iso',
    });
    expect(created).toEqual({ storage: 'backups', type: 'dir' });
    expect(await client.get('/storage/{storage}', { storage: 'backups' })).toMatchObject({
      type: 'dir',
      path: '/mnt/backups',
      content: 'backup,iso',
    });
    const onSecond = await client.get<{ storage: string }[]>('/nodes/{node}/storage', {
      node: 'pve2',
      content: 'backup',
    });
    expect(onSecond.map((entry) => entry.storage)).toEqual(['local', 'backups']);

    const twice = await failure(
      client.post('/storage', { storage: 'backups', type: 'dir', path: '/x' }),
    );
    expect(twice.serverMessage).toBe("create storage failed: storage ID 'backups' already defined");

    await client.put('/storage/{storage}', { storage: 'backups', content: 'iso' });
    const isoOnly = await client.get<{ storage: string }[]>('/storage', { type: 'dir' });
    expect(isoOnly.find((entry) => entry.storage === 'backups')).toMatchObject({ content: 'iso' });

    await client.delete('/storage/{storage}', { storage: 'backups' });
    const gone = await failure(client.delete('/storage/{storage}', { storage: 'backups' }));
    expect(gone.serverMessage).toBe("delete storage failed: storage 'backups' does not exist");
    const left = await client.get<{ storage: string }[]>('/storage');
    expect(left.map((entry) => entry.storage)).toEqual(['local', 'local-lvm']);
  });
});

describe('storage content', () => {
  test('allocate a named disk, find it by vmid, read, annotate, protect and delete it', async () => {
    await setup();
    const volid = await client.post<string>('/nodes/{node}/storage/{storage}/content', {
      node: 'pve1',
      storage: 'local-lvm',
      vmid: 120,
      filename: 'vm-120-disk-0',
      size: '4G',
    });
    expect(volid).toBe('local-lvm:vm-120-disk-0');

    const listed = await content('local-lvm', { vmid: '120' });
    expect(listed).toMatchObject([{ volid, content: 'images', size: 4 * 1024 ** 3, vmid: 120 }]);
    expect(await content('local-lvm', { vmid: '121' })).toEqual([]);

    const volumePath = '/nodes/{node}/storage/{storage}/content/{volume}';
    const where = { node: 'pve1', storage: 'local-lvm', volume: 'vm-120-disk-0' };
    const info = await client.get<Record<string, unknown>>(volumePath, where);
    expect(info).toMatchObject({ path: '/dev/pve/vm-120-disk-0', format: 'raw' });

    await client.put(volumePath, { ...where, notes: 'scratch', protected: 1 });
    expect((await content('local-lvm'))[0]).toMatchObject({ notes: 'scratch', protected: 1 });
    const refused = await failure(client.delete(volumePath, where));
    expect(refused.serverMessage).toBe(`volume '${volid}' is protected`);

    const elsewhere = await failure(
      client.get(volumePath, { ...where, storage: 'local', volume: volid }),
    );
    expect(elsewhere.errors).toEqual({ volume: 'storage ID mismatch (local-lvm != local)' });

    await client.put(volumePath, { ...where, protected: 0 });
    const upid = await client.delete<string>(volumePath, { ...where, volume: volid });
    expect(upid).toMatch(/^UPID:pve1:[0-9A-F:]+:imgdel::root@pam!storage:$/);
    await clock.advance(0);
    expect((await sim.tasks.whenDone(upid)).exitstatus).toBe('OK');
    expect(await content('local-lvm')).toEqual([]);
  });

  test('delete with delay answers null once the worker has removed the volume', async () => {
    await setup();
    const isos = await content('local', { content: 'iso' });
    const first = isos[0]?.volid ?? '';
    const answer = client.delete('/nodes/{node}/storage/{storage}/content/{volume}', {
      node: 'pve1',
      storage: 'local',
      volume: first,
      delay: 5,
    });
    // The worker must be running before the task clock moves, or its timers would not be due.
    while (
      !(await client.get<{ type: string }[]>('/cluster/tasks')).some((t) => t.type === 'imgdel')
    ) {
      // each round trip lets the pending delete proceed
    }
    await clock.advance(0);
    expect(await answer).toBeNull();
    expect(
      (await content('local', { content: 'iso' })).map((volume) => volume.volid),
    ).not.toContain(first);
  });

  test('a dir storage lists its ISOs and templates filtered by content type', async () => {
    await setup();
    const isos = await content('local', { content: 'iso' });
    expect(isos.length).toBeGreaterThan(0);
    expect(isos.every((volume) => volume.volid.startsWith('local:iso/'))).toBe(true);
    const templates = await content('local', { content: 'vztmpl' });
    expect(templates.every((volume) => volume.content === 'vztmpl')).toBe(true);
    const first = isos[0]?.volid ?? '';
    const info = await client.get<{ path: string }>(
      '/nodes/{node}/storage/{storage}/content/{volume}',
      { node: 'pve1', storage: 'local', volume: first },
    );
    expect(info.path).toBe(`/var/lib/vz/template/iso/${first.replace('local:iso/', '')}`);
  });

  test('allocation errors use Proxmox wording', async () => {
    await setup();
    const create = (params: Record<string, string | number>) =>
      failure(
        client.post('/nodes/{node}/storage/{storage}/content', {
          node: 'pve1',
          storage: 'local-lvm',
          vmid: 120,
          ...params,
        }),
      );
    const badName = await create({ filename: 'disk-a', size: '1G' });
    expect(badName.serverMessage).toBe("illegal name 'disk-a' - should be 'vm-120-*'");
    const mixed = await create({ filename: 'vm-120-disk-0.qcow2', size: '1G', format: 'raw' });
    expect(mixed.errors).toEqual({ format: 'different storage formats (raw != qcow2)' });
    const noImages = await failure(
      client.post('/nodes/{node}/storage/{storage}/content', {
        node: 'pve1',
        storage: 'local',
        vmid: 120,
        filename: 'vm-120-disk-0',
        size: '1G',
      }),
    );
    expect(noImages.serverMessage).toBe("storage 'local' does not support content-type 'images'");
  });

  test('a user without Datastore privileges sees no storage and cannot read volumes', async () => {
    await setup();
    sim.access.addUser({ userid: 'eve@pve', password: 'eve-password' });
    const eve = new ProxmoxClient({
      baseUrl: 'https://pve1:8006',
      fetch: sim.fetch,
      auth: { username: 'eve@pve', password: 'eve-password' },
    });
    try {
      expect(await eve.get('/storage')).toEqual([]);
      const denied = await failure(
        eve.get('/nodes/{node}/storage/{storage}/content/{volume}', {
          node: 'pve1',
          storage: 'local',
          volume: 'iso/missing.iso',
        }),
      );
      expect(denied.status).toBe(403);
      const onNode = () =>
        eve.get<{ storage: string }[]>('/nodes/{node}/storage', { node: 'pve1' });
      expect(await onNode()).toEqual([]);
      sim.access.setAcl({ path: '/storage/local', roles: 'PVEDatastoreUser', users: 'eve@pve' });
      const visible = await eve.get<{ storage: string }[]>('/storage');
      expect(visible.map((entry) => entry.storage)).toEqual(['local']);
      expect((await onNode()).map((entry) => entry.storage)).toEqual(['local']);
    } finally {
      await eve.close();
    }
  });
});
