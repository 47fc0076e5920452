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
}

afterEach(async () => {
  await sim.close();
});

interface Envelope {
  data: unknown;
  errors?: Record<string, string>;
}

async function call(method: string, path: string, params?: Record<string, string>, headers = root) {
  const init: RequestInit = { method, headers };
  if (params !== undefined && (method === 'POST' || method === 'PUT')) init.body = form(params);
  const query = params !== undefined && init.body === undefined ? `?${form(params)}` : '';
  const response = await sim.fetch(`/api2/json${path}${query}`, init);
  const text = await response.text();
  return {
    status: response.status,
    reason: response.statusText,
    body: (text ? JSON.parse(text) : {}) as Envelope,
  };
}

/** Runs a task-starting call to its end and returns the task's exit status. */
async function runTask(method: string, path: string, params?: Record<string, string>) {
  const started = await call(method, path, params);
  expect(started.status).toBe(200);
  const upid = String(started.body.data);
  expect(upid).toMatch(/^UPID:pve1:/);
  await clock.advance(0);
  return (await sim.tasks.whenDone(upid)).exitstatus;
}

describe('QEMU guests over the API', () => {
  test('create, start, read status and config, stop and destroy a VM', async () => {
    await setup();
    const created = await runTask('POST', '/nodes/pve1/qemu', {
      vmid: '100',
      name: 'web',
      memory: '2048',
      scsi0: 'local-lvm:8',
      net0: 'virtio,bridge=vmbr0',
    });
    expect(created).toBe('OK');

    const config = (await call('GET', '/nodes/pve1/qemu/100/config')).body.data as Record<
      string,
      string
    >;
    expect(config.name).toBe('web');
    expect(config.scsi0).toMatch(/^local-lvm:vm-100-disk-0/);
    expect(config.net0).toMatch(/^virtio=BC:24:11:/);
    expect(config.digest).toMatch(/^[0-9a-f]{40}$/);

    expect(await runTask('POST', '/nodes/pve1/qemu/100/status/start')).toBe('OK');
    const status = (await call('GET', '/nodes/pve1/qemu/100/status/current')).body.data;
    expect(status).toMatchObject({ status: 'running', qmpstatus: 'running', vmid: 100 });
    expect(await runTask('POST', '/nodes/pve1/qemu/100/status/start')).toBe(
      'VM 100 already running',
    );

    const listed = (await call('GET', '/nodes/pve1/qemu')).body.data as { vmid: number }[];
    expect(listed.map((guest) => guest.vmid)).toEqual([100]);

    const refused = await runTask('DELETE', '/nodes/pve1/qemu/100');
    expect(refused).toBe('VM 100 is running - destroy failed');
    expect(await runTask('POST', '/nodes/pve1/qemu/100/status/stop')).toBe('OK');
    expect(await runTask('DELETE', '/nodes/pve1/qemu/100', { purge: '1' })).toBe('OK');
    const gone = await call('GET', '/nodes/pve1/qemu/100/config');
    expect(gone.status).toBe(500);
    expect(gone.reason).toBe("Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist");
  });

  test('a taken vmid is refused before any task starts', async () => {
    await setup();
    await runTask('POST', '/nodes/pve1/qemu', { vmid: '100' });
    const again = await call('POST', '/nodes/pve1/qemu', { vmid: '100' });
    expect(again.status).toBe(500);
    expect(again.reason).toBe("VM 100 already exists on node 'pve1'");
  });

  test('PUT config changes keys at once, honours delete and refuses a stale digest', async () => {
    await setup();
    await runTask('POST', '/nodes/pve1/qemu', { vmid: '100', name: 'web', cores: '2' });
    const before = (await call('GET', '/nodes/pve1/qemu/100/config')).body.data as Record<
      string,
      string
    >;

    const put = await call('PUT', '/nodes/pve1/qemu/100/config', {
      name: 'api',
      delete: 'cores',
      digest: String(before.digest),
    });
    expect(put.status).toBe(200);
    const after = (await call('GET', '/nodes/pve1/qemu/100/config')).body.data as Record<
      string,
      string
    >;
    expect(after.name).toBe('api');
    expect(after).not.toHaveProperty('cores');

    const stale = await call('PUT', '/nodes/pve1/qemu/100/config', {
      name: 'late',
      digest: String(before.digest),
    });
    expect(stale.status).toBe(500);
    // Proxmox's own spelling.
    expect(stale.reason).toBe('checksum missmatch (file change by other user?)');
  });

  test('power and config need privileges on /vms/{vmid}', async () => {
    await setup();
    await runTask('POST', '/nodes/pve1/qemu', { vmid: '100' });
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const session = await login(sim, 'alice@pve', 'alice-pw');
    const alice = { ...cookie(session.ticket), CSRFPreventionToken: session.CSRFPreventionToken };

    const hidden = await call('GET', '/nodes/pve1/qemu', undefined, alice);
    expect(hidden.body.data).toEqual([]);
    const start = await call('POST', '/nodes/pve1/qemu/100/status/start', undefined, alice);
    expect(start.status).toBe(403);
    expect(start.reason).toBe('Permission check failed (/vms/100, VM.PowerMgmt)');
    const create = await call('POST', '/nodes/pve1/qemu', { vmid: '200' }, alice);
    expect(create.reason).toBe('Permission check failed (/vms/200, VM.Allocate)');

    sim.access.setAcl({ path: '/vms/100', roles: 'PVEVMUser', users: 'alice@pve' });
    expect((await call('POST', '/nodes/pve1/qemu/100/status/start', undefined, alice)).status).toBe(
      200,
    );
    const config = await call('PUT', '/nodes/pve1/qemu/100/config', { memory: '4096' }, alice);
    expect(config.status).toBe(200);
  });

  test('the checked parameters are still validated on open routes', async () => {
    await setup();
    const response = await call('POST', '/nodes/pve1/qemu', { vmid: '42' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({
      vmid: 'invalid format - value does not look like a valid VM ID\n',
    });
  });
});

describe('LXC containers over the API', () => {
  test('create from a template, start, stop and destroy a container', async () => {
    await setup();
    const created = await runTask('POST', '/nodes/pve1/lxc', {
      vmid: '200',
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      hostname: 'db',
      storage: 'local-lvm',
    });
    expect(created).toBe('OK');
    const config = (await call('GET', '/nodes/pve1/lxc/200/config')).body.data as Record<
      string,
      string
    >;
    expect(config).toMatchObject({ hostname: 'db', ostype: 'debian', arch: 'amd64' });
    expect(config.rootfs).toMatch(/^local-lvm:vm-200-disk-0/);

    expect(await runTask('POST', '/nodes/pve1/lxc/200/status/start')).toBe('OK');
    const status = (await call('GET', '/nodes/pve1/lxc/200/status/current')).body.data;
    expect(status).toMatchObject({ status: 'running', vmid: 200 });

    const reset = await call('POST', '/nodes/pve1/lxc/200/status/reset');
    expect(reset.status).toBe(501);
    expect(await runTask('POST', '/nodes/pve1/lxc/200/status/stop')).toBe('OK');
    expect(await runTask('DELETE', '/nodes/pve1/lxc/200')).toBe('OK');
    expect((await call('GET', '/nodes/pve1/lxc')).body.data).toEqual([]);
  });

  test('the task types name the family: vz for containers, qm for VMs', async () => {
    await setup();
    const started = await call('POST', '/nodes/pve1/lxc', {
      vmid: '201',
      ostemplate: 'local:vztmpl/alpine-3.21-default_20241217_amd64.tar.xz',
    });
    expect(String(started.body.data)).toMatch(/:vzcreate:201:root@pam!admin:$/);
  });
});
