import type { ProxmoxHttpError } from 'pvekit';
import { describe, expect, test } from 'vitest';
import { failing, type GuestWorld, guestWorld, refusal, run, taskType } from './guest-helpers.js';

const VM = '/nodes/pve1/qemu/100';
const CT = '/nodes/pve1/lxc/200';
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1lTfz0jyR0rK8bNfXe3V0W4kYbV2i8fQ2b7oDgYk5';

type Config = Record<string, string | number>;

async function runningVm(world: GuestWorld, extra: Record<string, unknown> = {}): Promise<void> {
  const params = { vmid: 100, name: 'app', scsi0: 'local-lvm:4', net0: 'virtio,bridge=vmbr0' };
  await run(world, 'post', '/nodes/pve1/qemu', { ...params, ...extra });
  await run(world, 'post', `${VM}/status/start`);
}

const serverMessage = async (call: Promise<unknown>) =>
  ((await refusal(call)) as ProxmoxHttpError).serverMessage;

describe('snapshots', () => {
  test('a tree with parents, a RAM snapshot, its config, rollback and delete', async () => {
    const world = await guestWorld();
    await runningVm(world);
    const first = await run(world, 'post', `${VM}/snapshot`, { snapname: 'one' });
    expect(taskType(first)).toBe('qmsnapshot');
    const log = await world.client.get<{ t: string }[]>(
      `/nodes/pve1/tasks/${encodeURIComponent(first)}/log`,
    );
    expect(log.map((line) => line.t)).toEqual([
      "snapshotting 'drive-scsi0' (local-lvm:vm-100-disk-0)",
      '  Logical volume "snap_vm-100-disk-0_one" created.',
      'TASK OK',
    ]);
    await run(world, 'post', `${VM}/snapshot`, { snapname: 'two', vmstate: 1 });

    const tree = await world.client.get<{ name: string; parent?: string; vmstate?: number }[]>(
      `${VM}/snapshot`,
    );
    const byName = Object.fromEntries(tree.map((entry) => [entry.name, entry]));
    expect(byName.two?.parent).toBe('one');
    expect(byName.current?.parent).toBe('two');
    expect(byName.two?.vmstate).toBe(1);

    const saved = await world.client.get<Config>(`${VM}/snapshot/two/config`);
    expect(saved.vmstate).toBe('local-lvm:vm-100-state-two');
    expect(saved.name).toBe('app');
    await world.client.put(`${VM}/snapshot/one/config`, { description: 'before upgrade' });
    expect((await world.client.get<Config>(`${VM}/snapshot/one/config`)).description).toBe(
      'before upgrade',
    );

    await world.client.put(`${VM}/config`, { name: 'renamed' });
    const rollback = await run(world, 'post', `${VM}/snapshot/one/rollback`);
    expect(taskType(rollback)).toBe('qmrollback');
    expect((await world.client.get<Config>(`${VM}/config`)).name).toBe('app');

    expect(taskType(await run(world, 'delete', `${VM}/snapshot/two`))).toBe('qmdelsnapshot');
    expect(await failing(world, 'delete', `${VM}/snapshot/two`)).toBe(
      "snapshot 'two' does not exist",
    );
  });

  test('a snapshot task holds `lock: snapshot` while it runs', async () => {
    const world = await guestWorld({ taskDurations: { qmsnapshot: 2000 } });
    await run(world, 'post', '/nodes/pve1/qemu', { vmid: 100, scsi0: 'local-lvm:4' });
    const upid = await world.client.post<string>(`${VM}/snapshot`, { snapname: 'snap1' });
    await world.taskClock.advance(0);
    expect(await serverMessage(world.client.put(`${VM}/config`, { name: 'x' }))).toMatch(
      /^VM is locked \(snapshot\)/,
    );
    await world.client.tasks.wait(upid, { pollInterval: 1000 });
    expect((await world.client.get<Config>(`${VM}/config`)).lock).toBeUndefined();
  });
});

describe('the guest agent', () => {
  test('not configured, then ping, interfaces and exec with an array command', async () => {
    const world = await guestWorld();
    await runningVm(world);
    expect(await serverMessage(world.client.post(`${VM}/agent/ping`))).toMatch(
      /^No QEMU guest agent configured/,
    );

    await world.client.put(`${VM}/config`, { agent: '1' });
    await run(world, 'post', `${VM}/status/reboot`);
    // The agent answers once the guest has booted.
    await world.taskClock.advance(15_000);
    expect(await world.client.post(`${VM}/agent/ping`)).toEqual({ result: {} });

    const nics = await world.client.get<{ result: { name: string }[] }>(
      `${VM}/agent/network-get-interfaces`,
    );
    expect(nics.result.map((nic) => nic.name)).toEqual(['lo', 'eth0']);

    // Repeated form keys carry the array: command=echo&command=hello.
    const { pid } = await world.client.post<{ pid: number }>(`${VM}/agent/exec`, {
      command: ['echo', 'hello'],
    });
    await world.taskClock.advance(1000);
    const status = await world.client.get<Config>(`${VM}/agent/exec-status`, { pid });
    expect(status).toEqual({ exited: 1, exitcode: 0, 'out-data': 'hello\n' });
  });

  test('a stopped VM: the agent is not running', async () => {
    const world = await guestWorld();
    await run(world, 'post', '/nodes/pve1/qemu', { vmid: 100, agent: 'enabled=1' });
    expect(await serverMessage(world.client.post(`${VM}/agent/ping`))).toMatch(
      /^VM 100 is not running/,
    );
  });
});

describe('cloud-init', () => {
  test('sshkeys checked; user and network data; pending until regenerated', async () => {
    const world = await guestWorld();
    // A form-encoded space (`+`) is not in the `urlencoded` format: a 400 before any handler.
    const plus = await refusal(
      world.client.post('/nodes/pve1/qemu', { vmid: 100, sshkeys: ED25519.replace(' ', '+') }),
    );
    expect((plus as ProxmoxHttpError).status).toBe(400);
    expect((plus as ProxmoxHttpError).errors?.sshkeys).toMatch(/urlencoded/);
    const bad = serverMessage(
      world.client.post('/nodes/pve1/qemu', { vmid: 100, sshkeys: 'not-a-key' }),
    );
    expect(await bad).toMatch(/^SSH public key validation error/);

    await run(world, 'post', '/nodes/pve1/qemu', {
      vmid: 100,
      name: 'ci',
      ide2: 'local-lvm:cloudinit',
      net0: 'virtio,bridge=vmbr0',
      ciuser: 'ops',
      cipassword: 'hunter2-secret',
      ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1',
      sshkeys: encodeURIComponent(ED25519),
    });
    const config = await world.client.get<Config>(`${VM}/config`);
    expect(JSON.stringify(config)).not.toContain('hunter2-secret');

    const user = await world.client.get<string>(`${VM}/cloudinit/dump`, { type: 'user' });
    expect(user).toMatch(/^#cloud-config\n/);
    expect(user).toContain('user: ops\n');
    expect(user).toContain(`  - ${ED25519}\n`);
    expect(user).not.toContain('hunter2-secret');
    const network = await world.client.get<string>(`${VM}/cloudinit/dump`, { type: 'network' });
    expect(network).toContain("address: '10.0.0.5'");
    expect(network).toContain("netmask: '255.255.255.0'");
    expect(network).toContain("gateway: '10.0.0.1'");

    await run(world, 'post', `${VM}/status/start`);
    await world.client.put(`${VM}/config`, { ciuser: 'admin' });
    const pending = await world.client.get<{ key: string; value?: string; pending?: string }[]>(
      `${VM}/cloudinit`,
    );
    expect(pending.find((entry) => entry.key === 'ciuser')).toEqual({
      key: 'ciuser',
      value: 'ops',
      pending: 'admin',
    });
    await world.client.put(`${VM}/config`, { cipassword: 'second-secret' });
    const dumped = await world.client.get<string>(`${VM}/cloudinit/dump`, { type: 'user' });
    expect(dumped).toMatch(/\npassword: \$5\$/);
    expect(dumped).not.toContain('second-secret');
    expect((await world.client.get<Config>(`${VM}/config`)).cipassword).toBe('**********');
    await world.client.put(`${VM}/cloudinit`);
    const regenerated = await world.client.get<{ key: string; pending?: string }[]>(
      `${VM}/cloudinit`,
    );
    expect(regenerated.every((entry) => entry.pending === undefined)).toBe(true);
  });
});

describe('containers and migration', () => {
  test('a container: vzcreate, vzstart, template answers null, a resize task', async () => {
    const world = await guestWorld();
    const created = await run(world, 'post', '/nodes/pve1/lxc', {
      vmid: 200,
      hostname: 'ct',
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:8',
    });
    expect(taskType(created)).toBe('vzcreate');
    const config = await world.client.get<Config>(`${CT}/config`);
    expect(config.rootfs).toBe('local-lvm:vm-200-disk-0,size=8G');

    expect(taskType(await run(world, 'put', `${CT}/resize`, { disk: 'rootfs', size: '+2G' }))).toBe(
      'resize',
    );
    expect((await world.client.get<Config>(`${CT}/config`)).rootfs).toMatch(/size=10G$/);

    await world.client.post('/storage', {
      storage: 'fast',
      type: 'lvmthin',
      vgname: 'fast',
      thinpool: 'data',
      content: 'rootdir',
    });
    const move = { volume: 'rootfs', storage: 'fast', delete: 1 };
    expect(taskType(await run(world, 'post', `${CT}/move_volume`, move))).toBe('move_volume');
    const moved = await world.client.get<Config>(`${CT}/config`);
    expect(moved.rootfs).toBe('fast:vm-200-disk-0,size=10G');
    expect(moved.unused0).toBeUndefined();

    expect(taskType(await run(world, 'post', `${CT}/status/start`))).toBe('vzstart');
    expect(await serverMessage(world.client.post(`${CT}/template`))).toMatch(
      /convert a CT to template if the CT is running/,
    );
    await run(world, 'post', `${CT}/status/stop`);
    expect(await world.client.post(`${CT}/template`)).toBeNull();
    expect((await world.client.get<Config>(`${CT}/config`)).template).toBe(1);

    await run(world, 'post', '/nodes/pve1/lxc', {
      vmid: 201,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
      start: 1,
    });
    const running = '/nodes/pve1/lxc/201';
    expect(await failing(world, 'delete', running)).toBe('CT 201 is running - destroy failed');
    await run(world, 'delete', running, { force: 1 });
    expect(await serverMessage(world.client.get(`${running}/config`))).toMatch(/does not exist/);
  });

  test('a running VM migrates online; a running container only with restart', async () => {
    const world = await guestWorld({ nodes: 2 });
    await runningVm(world);
    expect(await serverMessage(world.client.post(`${VM}/migrate`, { target: 'pve2' }))).toMatch(
      /^can't migrate running VM without --online/,
    );
    const online = { target: 'pve2', online: 1, 'with-local-disks': 1 };
    const upid = await run(world, 'post', `${VM}/migrate`, online);
    expect(taskType(upid)).toBe('qmigrate');
    const status = await world.client.get<Config>('/nodes/pve2/qemu/100/status/current');
    expect(status.status).toBe('running');

    await run(world, 'post', '/nodes/pve1/lxc', {
      vmid: 200,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
      start: 1,
    });
    expect(await serverMessage(world.client.post(`${CT}/migrate`, { target: 'pve2' }))).toMatch(
      /^running container can only be migrated in restart mode/,
    );
    expect(
      taskType(await run(world, 'post', `${CT}/migrate`, { target: 'pve2', restart: 1 })),
    ).toBe('vzmigrate');
    expect((await world.client.get<Config>('/nodes/pve2/lxc/200/config')).hostname).toBe('CT200');
  });
});

describe('a migration in flight', () => {
  test('the guest stays on its node, locked, until the task has run', async () => {
    const world = await guestWorld({ nodes: 2, taskDurations: 'realistic' });
    await world.client.post('/nodes/pve1/qemu', { vmid: 100, scsi0: 'local-lvm:4' });
    await world.taskClock.advance(2000);
    const upid = await world.client.post<string>(`${VM}/migrate`, { target: 'pve2' });
    await world.taskClock.advance(5000);
    expect((await world.client.get<Config>(`${VM}/config`)).lock).toBe('migrate');
    expect(await failing(world, 'post', `${VM}/status/start`)).toBe('VM is locked (migrate)');

    await world.client.tasks.wait(upid, { pollInterval: 1000 });
    const moved = await world.client.get<Config>('/nodes/pve2/qemu/100/config');
    expect(moved.lock).toBeUndefined();
    expect(moved.scsi0).toBe('local-lvm:vm-100-disk-0,size=4G');
  });
});

describe('rrddata', () => {
  test('70 rows a step apart; only rows since the start carry figures', async () => {
    const world = await guestWorld();
    await runningVm(world);
    await world.taskClock.advance(10 * 60_000);
    const rows = await world.client.get<{ time: number; cpu?: number; netin?: number }[]>(
      `${VM}/rrddata`,
      { timeframe: 'hour', cf: 'AVERAGE' },
    );
    expect(rows).toHaveLength(70);
    const steps = rows.slice(1).map((row, index) => row.time - (rows[index]?.time ?? 0));
    expect(new Set(steps)).toEqual(new Set([60]));
    const withData = rows.filter((row) => row.cpu !== undefined);
    expect(withData.length).toBeGreaterThanOrEqual(9);
    expect(withData.length).toBeLessThanOrEqual(11);
    expect(withData.every((row) => row.netin === 1500)).toBe(true);
    expect(rows[0]).toEqual({ time: rows[0]?.time });
  });
});
