import { ProxmoxHttpError } from 'pvekit';
import { describe, expect, test } from 'vitest';
import { createSimulator, REALISTIC_TASK_MS } from '../src/index.js';
import { failing, guestWorld, refusal, run, taskType } from './guest-helpers.js';

const VM = '/nodes/pve1/qemu/100';

type Config = Record<string, string | number>;

describe('a QEMU VM over the API, through the pvekit client', () => {
  test('create names disks as Proxmox does, with a cdrom and a generated MAC', async () => {
    const world = await guestWorld();
    const upid = await run(world, 'post', '/nodes/pve1/qemu', {
      vmid: 100,
      name: 'web',
      memory: 2048,
      scsi0: 'local-lvm:32',
      scsi1: 'local-lvm:8,discard=on',
      ide2: 'local:iso/debian-12.9.0-amd64-netinst.iso,media=cdrom',
      net0: 'virtio,bridge=vmbr0',
    });
    expect(taskType(upid)).toBe('qmcreate');

    const config = await world.client.get<Config>(`${VM}/config`);
    expect(config.scsi0).toBe('local-lvm:vm-100-disk-0,size=32G');
    expect(config.scsi1).toBe('local-lvm:vm-100-disk-1,discard=on,size=8G');
    expect(config.ide2).toMatch(/^local:iso\/debian-12\.9\.0-amd64-netinst\.iso,media=cdrom/);
    expect(config.net0).toMatch(/^virtio=BC:24:11(:[0-9A-F]{2}){3},bridge=vmbr0$/);
    expect(config.lock).toBeUndefined();

    const log = await world.client.get<{ t: string }[]>(
      `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`,
    );
    const lines = log.map((line) => line.t);
    expect(lines).toContain('  Logical volume "vm-100-disk-0" created.');
    expect(lines.at(-1)).toBe('TASK OK');
  });

  test('PUT answers null, POST a qmconfig task; a stale digest is refused', async () => {
    const world = await guestWorld();
    await run(world, 'post', '/nodes/pve1/qemu', { vmid: 100, name: 'a', cores: 1 });
    const { digest } = await world.client.get<Config>(`${VM}/config`);

    expect(await world.client.put(`${VM}/config`, { name: 'b', digest })).toBeNull();
    const stale = await refusal(world.client.put(`${VM}/config`, { name: 'c', digest }));
    expect(stale).toBeInstanceOf(ProxmoxHttpError);
    // qemu-server's own words for a stale digest, typo included.
    expect((stale as ProxmoxHttpError).serverMessage).toMatch(
      /^checksum missmatch \(file change by other user\?\)/,
    );

    const upid = await run(world, 'post', `${VM}/config`, { cores: 4, delete: 'name' });
    expect(taskType(upid)).toBe('qmconfig');
    const config = await world.client.get<Config>(`${VM}/config`);
    expect(config.cores).toBe(4);
    expect(config.name).toBeUndefined();

    const pending = await world.client.get<{ key: string; value?: unknown }[]>(`${VM}/pending`);
    expect(pending.find((entry) => entry.key === 'cores')?.value).toBe(4);
  });

  test('status figures move while running; wrong-state power actions fail their task', async () => {
    const world = await guestWorld();
    await run(world, 'post', '/nodes/pve1/qemu', { vmid: 100, scsi0: 'local-lvm:4' });
    expect(await failing(world, 'post', `${VM}/status/reboot`)).toBe('VM 100 not running');

    expect(taskType(await run(world, 'post', `${VM}/status/start`))).toBe('qmstart');
    const first = await world.client.get<Config>(`${VM}/status/current`);
    await world.taskClock.advance(30_000);
    const later = await world.client.get<Config>(`${VM}/status/current`);
    expect(first.status).toBe('running');
    expect(Number(later.uptime)).toBeGreaterThan(Number(first.uptime));
    expect(Number(later.netin)).toBeGreaterThan(Number(first.netin));

    expect(await failing(world, 'post', `${VM}/status/start`)).toBe('VM 100 already running');
    await run(world, 'post', `${VM}/status/suspend`);
    expect((await world.client.get<Config>(`${VM}/status/current`)).qmpstatus).toBe('paused');
    await run(world, 'post', `${VM}/status/resume`);
    await run(world, 'post', `${VM}/status/shutdown`);
    expect((await world.client.get<Config>(`${VM}/status/current`)).status).toBe('stopped');
  });

  test('template, then a linked clone; a non-template refuses linked', async () => {
    const world = await guestWorld();
    await run(world, 'post', '/nodes/pve1/qemu', { vmid: 100, name: 'base', scsi0: 'local-lvm:4' });
    const linkedEarly = await refusal(world.client.post(`${VM}/clone`, { newid: 101, full: 0 }));
    expect((linkedEarly as ProxmoxHttpError).serverMessage).toBe(
      "Linked clone feature is not supported for drive 'scsi0'",
    );

    expect(taskType(await run(world, 'post', `${VM}/template`))).toBe('qmtemplate');
    const template = await world.client.get<Config>(`${VM}/config`);
    expect(template.template).toBe(1);
    expect(template.scsi0).toMatch(/^local-lvm:base-100-disk-0,/);
    const again = await refusal(world.client.post(`${VM}/template`));
    expect((again as ProxmoxHttpError).serverMessage).toMatch(/convert a template to a template/);

    const upid = await run(world, 'post', `${VM}/clone`, { newid: 102, name: 'linked' });
    expect(taskType(upid)).toBe('qmclone');
    const clone = await world.client.get<Config>('/nodes/pve1/qemu/102/config');
    expect(clone.name).toBe('linked');
    // LVM-thin volids do not name the base a linked clone shares blocks with.
    expect(clone.scsi0).toBe('local-lvm:vm-102-disk-0,size=4G');
    const log = await world.client.get<{ t: string }[]>(
      `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`,
    );
    expect(log[0]?.t).toBe('create linked clone of drive scsi0 (local-lvm:base-100-disk-0)');
  });

  test('resize grows by +2G or to a size, never shrinks; move_disk checks content', async () => {
    const world = await guestWorld();
    await run(world, 'post', '/nodes/pve1/qemu', { vmid: 100, scsi0: 'local-lvm:4' });
    expect(taskType(await run(world, 'put', `${VM}/resize`, { disk: 'scsi0', size: '+2G' }))).toBe(
      'resize',
    );
    expect((await world.client.get<Config>(`${VM}/config`)).scsi0).toMatch(/size=6G$/);
    await run(world, 'put', `${VM}/resize`, { disk: 'scsi0', size: '10G' });
    expect((await world.client.get<Config>(`${VM}/config`)).scsi0).toMatch(/size=10G$/);
    const shrink = await failing(world, 'put', `${VM}/resize`, { disk: 'scsi0', size: '1G' });
    expect(shrink).toBe('shrinking disks is not supported');

    await world.client.post('/storage', {
      storage: 'fast',
      type: 'lvmthin',
      vgname: 'fast',
      thinpool: 'data',
      content: 'images,rootdir',
    });
    const upid = await run(world, 'post', `${VM}/move_disk`, { disk: 'scsi0', storage: 'fast' });
    expect(taskType(upid)).toBe('qmmove');
    const moved = await world.client.get<Config>(`${VM}/config`);
    expect(moved.scsi0).toBe('fast:vm-100-disk-0,size=10G');
    expect(moved.unused0).toBe('local-lvm:vm-100-disk-0');

    // The seeded `local` storage holds no disk images, so the move is refused up front.
    const move = await refusal(
      world.client.post(`${VM}/move_disk`, { disk: 'scsi0', storage: 'local' }),
    );
    expect((move as ProxmoxHttpError).serverMessage).toMatch(
      /^storage 'local' does not support content-type 'images'/,
    );
  });

  test('a task holds the config lock for its run: VM is locked (clone)', async () => {
    const world = await guestWorld({ taskDurations: { qmclone: 8000 } });
    await run(world, 'post', '/nodes/pve1/qemu', { vmid: 100, scsi0: 'local-lvm:4' });
    const started = world.taskClock.now();
    const upid = await world.client.post<string>(`${VM}/clone`, { newid: 101 });
    await world.taskClock.advance(0);

    const locked = await refusal(world.client.put('/nodes/pve1/qemu/101/config', { name: 'x' }));
    expect((locked as ProxmoxHttpError).serverMessage).toMatch(/^VM is locked \(clone\)/);
    expect((await world.client.get<Config>('/nodes/pve1/qemu/101/config')).lock).toBe('clone');

    const done = await world.client.tasks.wait(upid, { pollInterval: 1000 });
    expect(done.exitstatus).toBe('OK');
    expect(world.taskClock.now() - started).toBeGreaterThanOrEqual(8000);
    expect((await world.client.get<Config>('/nodes/pve1/qemu/101/config')).lock).toBeUndefined();
  });

  test('delete with purge removes the VM, its volumes and its pool membership', async () => {
    const world = await guestWorld();
    await world.client.post('/pools', { poolid: 'web' });
    await run(world, 'post', '/nodes/pve1/qemu', { vmid: 100, scsi0: 'local-lvm:4', pool: 'web' });
    const upid = await run(world, 'delete', VM, { purge: 1 });
    expect(taskType(upid)).toBe('qmdestroy');
    const missing = await refusal(world.client.get(`${VM}/config`));
    expect((missing as ProxmoxHttpError).serverMessage).toMatch(/does not exist/);
    const content = await world.client.get<{ volid: string }[]>(
      '/nodes/pve1/storage/local-lvm/content',
    );
    expect(content.map((volume) => volume.volid)).not.toContain('local-lvm:vm-100-disk-0');
    const pool = await world.client.get<{ members: unknown[] }>('/pools/web');
    expect(pool.members).toEqual([]);
  });

  test('unreferenced volumes stay unless destroy-unreferenced-disks is set', async () => {
    const world = await guestWorld();
    const content = '/nodes/pve1/storage/local-lvm/content';
    const volids = async () =>
      (await world.client.get<{ volid: string }[]>(content)).map((volume) => volume.volid);
    for (const vmid of [100, 101]) {
      await run(world, 'post', '/nodes/pve1/qemu', { vmid, scsi0: 'local-lvm:1' });
      await world.client.post(content, { vmid, filename: `vm-${vmid}-disk-7`, size: '1G' });
    }

    await run(world, 'delete', VM);
    expect(await volids()).toContain('local-lvm:vm-100-disk-7');
    expect(await volids()).not.toContain('local-lvm:vm-100-disk-0');

    await run(world, 'delete', '/nodes/pve1/qemu/101', { 'destroy-unreferenced-disks': 1 });
    expect(await volids()).not.toContain('local-lvm:vm-101-disk-7');
  });

  test('a running VM keeps a memory change pending until revert drops it', async () => {
    const world = await guestWorld();
    await run(world, 'post', '/nodes/pve1/qemu', { vmid: 100, memory: 1024 });
    await run(world, 'post', `${VM}/status/start`);
    await world.client.put(`${VM}/config`, { memory: 4096 });

    type Entry = { key: string; value?: unknown; pending?: unknown };
    const memory = async () =>
      (await world.client.get<Entry[]>(`${VM}/pending`)).find((entry) => entry.key === 'memory');
    expect(await memory()).toEqual({ key: 'memory', value: '1024', pending: '4096' });
    expect((await world.client.get<Config>(`${VM}/config`, { current: 1 })).memory).toBe('1024');

    await world.client.put(`${VM}/config`, { revert: 'memory' });
    expect(await memory()).toEqual({ key: 'memory', value: '1024' });
  });

  test('taskDurations takes realistic or milliseconds by task type, nothing else', async () => {
    expect(() => createSimulator({ taskDurations: { qmclone: -1 } })).toThrow(
      /taskDurations must be 'realistic' or milliseconds >= 0 by task type/,
    );
    const world = await guestWorld({ taskDurations: 'realistic' });
    const started = world.taskClock.now();
    await run(world, 'post', '/nodes/pve1/qemu', { vmid: 100 });
    expect(world.taskClock.now() - started).toBeGreaterThanOrEqual(REALISTIC_TASK_MS.qmcreate ?? 1);
  });

  test('a ticket session creates, starts and stops a VM like a token does', async () => {
    const world = await guestWorld();
    const client = world.ticketClient;
    const created = await client.post<string>('/nodes/pve1/qemu', { vmid: 100, name: 'ticket' });
    expect(created).toMatch(/:qmcreate:100:root@pam:$/);
    await client.tasks.wait(created, { pollInterval: 500 });
    await client.tasks.wait(await client.post<string>(`${VM}/status/start`), { pollInterval: 500 });
    expect((await client.get<Config>(`${VM}/status/current`)).status).toBe('running');
    const stop = await client.post<string>(`${VM}/status/stop`);
    expect((await client.tasks.wait(stop, { pollInterval: 500 })).exitstatus).toBe('OK');
  });
});
