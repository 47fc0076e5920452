import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProxmoxClient } from 'pvekit';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createSimulator, ManualTaskClock, type Simulator } from '../src/index.js';

let directory: string;
let stateFile: string;
const running: { sim: Simulator; client: ProxmoxClient }[] = [];
const clock = new ManualTaskClock(Date.UTC(2026, 0, 15, 12, 0, 0));

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'pvekit-restart-'));
  stateFile = path.join(directory, 'state.json');
});

afterEach(async () => {
  for (const { sim, client } of running.splice(0)) {
    await client.close();
    await sim.close();
  }
  rmSync(directory, { recursive: true, force: true });
});

/** One run of the simulator on the state file, with root@pam logged in by password. */
function boot(rootPassword: string) {
  const sim = createSimulator({ stateFile, rootPassword, taskClock: clock });
  const client = new ProxmoxClient({
    baseUrl: 'https://pve1:8006',
    fetch: sim.fetch,
    auth: { username: 'root@pam', password: rootPassword },
  });
  running.push({ sim, client });
  return { sim, client };
}

type Auth = NonNullable<ConstructorParameters<typeof ProxmoxClient>[0]['auth']>;

function clientAs(sim: Simulator, auth: Auth) {
  const client = new ProxmoxClient({ baseUrl: 'https://pve1:8006', fetch: sim.fetch, auth });
  running.push({ sim, client });
  return client;
}

async function finish(sim: Simulator, upid: string): Promise<string | undefined> {
  await clock.advance(0);
  return (await sim.tasks.whenDone(upid)).exitstatus;
}

describe('a restart keeps everything acknowledged over the API', () => {
  test('users, passwords, tokens, groups, roles, ACL, pools, volumes, guests and tasks', async () => {
    const first = boot('first-root-password');
    const api = first.client;
    await api.post('/access/groups', { groupid: 'ops', comment: 'operators' });
    await api.post('/access/users', {
      userid: 'carol@pve',
      password: 'carol-password',
      groups: 'ops',
      email: 'carol@example.com',
    });
    await api.post('/access/roles', { roleid: 'Watcher', privs: 'VM.Audit,Sys.Audit' });
    await api.put('/access/acl', { path: '/vms', roles: 'Watcher', groups: 'ops' });
    const token = await api.post<{ 'full-tokenid': string; value: string }>(
      '/access/users/{userid}/token/{tokenid}',
      { userid: 'carol@pve', tokenid: 'ci', privsep: 0 },
    );
    const upid = await api.post<string>('/nodes/{node}/qemu', { node: 'pve1', vmid: 150 });
    expect(await finish(first.sim, upid)).toBe('OK');
    await api.post('/pools', { poolid: 'lab', comment: 'kept' });
    await api.put('/pools/{poolid}', { poolid: 'lab', vms: '150' });
    const volid = await api.post<string>('/nodes/{node}/storage/{storage}/content', {
      node: 'pve1',
      storage: 'local-lvm',
      vmid: 150,
      filename: 'vm-150-disk-7',
      size: '1G',
    });
    await first.client.close();
    await first.sim.close();

    const text = readFileSync(stateFile, 'utf8');
    expect(text).not.toContain('carol-password');
    expect(text).not.toContain('first-root-password');
    expect(statSync(stateFile).mode & 0o077).toBe(0);

    // root@pam's password is the one given at this start; the old one no longer works.
    const second = boot('second-root-password');
    const again = second.client;
    const oldRoot = await second.sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      body: new URLSearchParams({ username: 'root@pam', password: 'first-root-password' }),
    });
    expect(oldRoot.status).toBe(401);
    const carol = clientAs(second.sim, { username: 'carol@pve', password: 'carol-password' });
    // Carol's password, saved only as a hash, still logs her in.
    expect(await carol.get('/version')).toHaveProperty('release');
    const user = await again.get<{ email: string; groups: string[] }>('/access/users/{userid}', {
      userid: 'carol@pve',
    });
    expect(user).toMatchObject({ email: 'carol@example.com', groups: ['ops'] });

    const viaToken = clientAs(second.sim, { tokenId: token['full-tokenid'], secret: token.value });
    const vms = await viaToken.get<{ vmid: number }[]>('/nodes/{node}/qemu', { node: 'pve1' });
    expect(vms.map((vm) => vm.vmid)).toEqual([150]);

    const roles = await again.get<{ roleid: string; privs: string }[]>('/access/roles');
    expect(roles.find((role) => role.roleid === 'Watcher')?.privs).toBe('Sys.Audit,VM.Audit');
    const acl = await again.get<{ path: string; ugid: string }[]>('/access/acl');
    expect(acl).toContainEqual(expect.objectContaining({ path: '/vms', ugid: 'ops' }));

    const pool = await again.get<{ comment: string; members: { id: string }[] }>(
      '/pools/{poolid}',
      { poolid: 'lab' },
    );
    expect(pool.comment).toBe('kept');
    expect(pool.members.map((member) => member.id)).toEqual(['qemu/150']);

    const disks = await again.get<{ volid: string }[]>('/nodes/{node}/storage/{storage}/content', {
      node: 'pve1',
      storage: 'local-lvm',
      vmid: 150,
    });
    expect(disks.map((disk) => disk.volid)).toContain(volid);

    const tasks = await again.get<{ upid: string; status: string }[]>('/nodes/{node}/tasks', {
      node: 'pve1',
    });
    expect(tasks.map((task) => task.upid)).toContain(upid);
    const log = await again.get<{ t: string }[]>('/nodes/{node}/tasks/{upid}/log', {
      node: 'pve1',
      upid,
    });
    expect(log.at(-1)?.t).toBe('TASK OK');
  });

  test('a TOTP factor set up in one run still guards the login in the next', async () => {
    const first = boot('root-password');
    await first.client.post('/access/users', { userid: 'dave@pve', password: 'dave-password' });
    first.sim.access.enableTotp('dave@pve');
    // The programmatic change is written with the next acknowledged write.
    await first.client.post('/access/groups', { groupid: 'later' });
    await first.client.close();
    await first.sim.close();

    const second = boot('root-password');
    const response = await second.sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      body: new URLSearchParams({ username: 'dave@pve', password: 'dave-password' }),
    });
    const login = (await response.json()) as { data: { NeedTFA?: number } };
    expect(login.data.NeedTFA).toBe(1);
    expect(second.sim.access.totpCode('dave@pve')).toMatch(/^\d{6}$/);
  });
});

describe('a task cut off by the restart', () => {
  test('comes back stopped with unexpected status', async () => {
    const sim = createSimulator({
      stateFile,
      taskClock: clock,
      taskDurations: { qmcreate: 60_000 },
    });
    const token = await sim.access.createToken('root@pam', 'slow', { privsep: false });
    const client = clientAs(sim, token);
    const upid = await client.post<string>('/nodes/{node}/qemu', { node: 'pve1', vmid: 170 });
    expect(
      (
        await client.get<{ status: string }>('/nodes/{node}/tasks/{upid}/status', {
          node: 'pve1',
          upid,
        })
      ).status,
    ).toBe('running');
    await sim.close();

    const again = boot('root-password');
    const status = await again.client.get<{ status: string; exitstatus: string }>(
      '/nodes/{node}/tasks/{upid}/status',
      { node: 'pve1', upid },
    );
    expect(status).toMatchObject({ status: 'stopped', exitstatus: 'unexpected status' });
  });
});

describe('a state file that cannot be read back', () => {
  test.each([
    ['is not JSON', '{"format": "pvekit-simulator-state", "vers', /is not valid JSON/],
    [
      'has an unknown version',
      JSON.stringify({ format: 'pvekit-simulator-state', version: 7, cluster: {} }),
      /has format version 7; this simulator reads versions 1 and 2/,
    ],
  ])('that %s stops the start with an error naming the file', (_what, content, problem) => {
    writeFileSync(stateFile, content);
    expect(() => createSimulator({ stateFile })).toThrow(problem);
    expect(() => createSimulator({ stateFile })).toThrow(stateFile);
  });
});
