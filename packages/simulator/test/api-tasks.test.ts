import { afterEach, describe, expect, test } from 'vitest';
import { ManualTaskClock, type Simulator } from '../src/index.js';
import { cookie, login, simulator, tokenHeader } from './helpers.js';

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

function taskUrl(upid: string, rest = ''): string {
  return `/api2/json/nodes/pve1/tasks/${encodeURIComponent(upid)}${rest}`;
}

interface Envelope {
  data: unknown;
  total?: number;
  errors?: Record<string, string>;
}

async function json(path: string, headers = root): Promise<{ status: number; body: Envelope }> {
  const response = await sim.fetch(path, { headers });
  return { status: response.status, body: (await response.json()) as Envelope };
}

describe('the task endpoints', () => {
  test('a running task turns stopped with OK once its duration has passed', async () => {
    await setup();
    const upid = sim.tasks.start({
      type: 'qmstart',
      id: '100',
      durationMs: 5000,
      log: ['starting'],
    });
    expect(upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmstart:100:root@pam:$/);

    const running = await json(taskUrl(upid, '/status'));
    expect(running.body.data).toMatchObject({
      upid,
      status: 'running',
      type: 'qmstart',
      id: '100',
    });
    expect(running.body.data).not.toHaveProperty('exitstatus');

    await clock.advance(5000);
    const stopped = await json(taskUrl(upid, '/status'));
    expect(stopped.body.data).toMatchObject({ status: 'stopped', exitstatus: 'OK' });

    const log = await json(taskUrl(upid, '/log'));
    expect(log.body).toEqual({
      data: [
        { n: 1, t: 'starting' },
        { n: 2, t: 'TASK OK' },
      ],
      total: 2,
    });
  });

  test('warnings and errors end up in the exit status; the list filters by status', async () => {
    await setup();
    const warned = sim.tasks.start({ type: 'vzdump', warnings: ['skipping disk'] });
    const failed = sim.tasks.start({ type: 'qmstart', id: '101', error: 'VM 101 already running' });
    await clock.advance(0);
    expect((await sim.tasks.whenDone(warned)).exitstatus).toBe('WARNINGS: 1');
    expect((await sim.tasks.whenDone(failed)).exitstatus).toBe('VM 101 already running');

    const errors = await json('/api2/json/nodes/pve1/tasks?errors=1');
    const upids = (errors.body.data as { upid: string }[]).map((task) => task.upid);
    expect(upids.sort()).toEqual([failed, warned].sort());
    const okOnly = await json('/api2/json/nodes/pve1/tasks?statusfilter=ok');
    expect(okOnly.body).toEqual({ data: [], total: 0 });
  });

  test('log paging: start, limit and the total', async () => {
    await setup();
    const lines = Array.from({ length: 10 }, (_, index) => `line ${index + 1}`);
    const upid = sim.tasks.start({ type: 'imgcopy', log: lines });
    await clock.advance(0);
    await sim.tasks.whenDone(upid);
    const page = await json(taskUrl(upid, '/log?start=8&limit=2'));
    expect(page.body).toEqual({
      data: [
        { n: 9, t: 'line 9' },
        { n: 10, t: 'line 10' },
      ],
      total: 11,
    });
  });

  test('DELETE stops a running task with "received interrupt"', async () => {
    await setup();
    const upid = sim.tasks.start({ type: 'vzdump', durationMs: 3_600_000 });
    const response = await sim.fetch(taskUrl(upid), { method: 'DELETE', headers: root });
    expect(response.status).toBe(200);
    const status = await json(taskUrl(upid, '/status'));
    expect(status.body.data).toMatchObject({ status: 'stopped', exitstatus: 'received interrupt' });
  });

  test('unknown or malformed UPIDs are a 400 on upid', async () => {
    await setup();
    const malformed = await json(taskUrl('not-a-upid', '/status'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual({ upid: 'unable to parse worker upid' });
    const upid = sim.tasks.start({ type: 'qmstart', node: 'pve1' });
    const elsewhere = upid.replace('UPID:pve1:', 'UPID:pve1:').replace(':qmstart:', ':qmstop:');
    const unknown = await json(taskUrl(elsewhere, '/status'));
    expect(unknown.body.errors).toEqual({ upid: 'no such task' });
  });

  test("another user's task needs Sys.Audit on the node; a token sees only its own", async () => {
    await setup();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const rootTask = sim.tasks.start({ type: 'qmstart', id: '100' });
    const aliceTask = sim.tasks.start({ type: 'qmstart', id: '101', user: 'alice@pve!ci' });
    // Finished: Proxmox shows a user their tokens' tasks only once they are archived.
    await clock.advance(0);
    const alice = cookie((await login(sim, 'alice@pve', 'alice-pw')).ticket);

    expect((await json(taskUrl(rootTask, '/status'), alice)).status).toBe(403);
    expect((await json(taskUrl(aliceTask, '/status'), alice)).status).toBe(200);
    const listed = await json('/api2/json/nodes/pve1/tasks?source=all', alice);
    expect((listed.body.data as { upid: string }[]).map((task) => task.upid)).toEqual([aliceTask]);
  });

  test('bad task specs are refused before anything starts', async () => {
    await setup();
    expect(() => sim.tasks.start({ type: 'qm start' })).toThrow(/may not hold/);
    expect(() => sim.tasks.start({ type: 'qmstart', node: 'pve7' })).toThrow(/no node 'pve7'/);
    expect(() => sim.tasks.stop('UPID:nope')).toThrow(/no task/);
  });
});
