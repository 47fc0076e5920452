import { ManualTaskClock, type Simulator } from '@pvekit/simulator';
import { describe, expect, it } from 'vitest';
import {
  type Clock,
  ProxmoxAbortError,
  ProxmoxClient,
  ProxmoxTaskError,
  ProxmoxTaskTimeoutError,
  ProxmoxValidationError,
  STARTUP_GRACE_MS,
  type TaskLogLine,
} from '../src/index.js';
import { memoryFetch, ROOT_PASSWORD, simulator } from './helpers/simulator.js';

// The client's request timeouts (30 s and more) sleep on the same clock: they never fire here.
const TIMEOUT_FLOOR_MS = 10_000;

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * A simulator whose tasks run on a manual clock, and a client whose every poll pause moves
 * that clock on: a task of 3 s ends after three 1 s polls, with no real waiting.
 */
function setup() {
  const taskClock = new ManualTaskClock();
  const sim = simulator({ taskClock });
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => taskClock.now(),
    async sleep(ms, signal) {
      if (ms >= TIMEOUT_FLOOR_MS) return untilAborted(signal);
      sleeps.push(ms);
      if (signal?.aborted) throw signal.reason;
      await taskClock.advance(ms);
      if (signal?.aborted) throw signal.reason;
    },
  };
  const client = new ProxmoxClient({
    baseUrl: 'https://pve1:8006',
    fetch: memoryFetch(sim),
    auth: { username: 'root@pam', password: ROOT_PASSWORD },
    clock,
  });
  return { sim, client, sleeps, taskClock };
}

const statusReads = (sim: Simulator) =>
  sim.requests.filter((request) => request.path.endsWith('/status')).length;

describe('client.tasks.status', () => {
  it('reads a running task, then its exit status once stopped', async () => {
    const { sim, client, taskClock } = setup();
    const upid = sim.tasks.start({ type: 'qmstart', id: '100', durationMs: 2000 });

    expect(await client.tasks.status(upid)).toMatchObject({
      upid,
      node: 'pve1',
      type: 'qmstart',
      id: '100',
      status: 'running',
    });
    await taskClock.advance(2000);
    expect(await client.tasks.status(upid)).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
  });
});

describe('client.tasks.wait', () => {
  it('polls at the interval until the task stopped OK', async () => {
    const { sim, client, sleeps } = setup();
    const upid = sim.tasks.start({ type: 'qmstart', id: '100', durationMs: 3000 });

    const result = await client.tasks.wait(upid, { pollInterval: 1000 });

    expect(result).toMatchObject({ upid, status: 'stopped', exitstatus: 'OK', warnings: 0 });
    expect(sleeps).toEqual([1000, 1000, 1000]);
    expect(statusReads(sim)).toBe(4);
  });

  it('resolves `WARNINGS: N` with the count, and streams every log line once', async () => {
    const { sim, client } = setup();
    const upid = sim.tasks.start({
      type: 'vzdump',
      id: '101',
      durationMs: 2500,
      log: ['starting backup'],
      warnings: ['disk a skipped', 'disk b skipped'],
    });
    const lines: TaskLogLine[] = [];

    const result = await client.tasks.wait(upid, {
      pollInterval: 500,
      onLog: (line) => lines.push(line),
    });

    expect(result).toMatchObject({ exitstatus: 'WARNINGS: 2', warnings: 2 });
    expect(lines.map((line) => line.n)).toEqual(lines.map((_, index) => index + 1));
    expect(lines[0]?.t).toBe('starting backup');
    expect(lines.at(-1)?.t).toBe('TASK WARNINGS: 2');
    expect(lines.filter((line) => line.t.includes('disk a skipped'))).toHaveLength(1);
  });

  it('rejects with ProxmoxTaskError carrying upid, node, type and exitstatus', async () => {
    const { sim, client } = setup();
    const upid = sim.tasks.start({
      type: 'qmstart',
      id: '100',
      durationMs: 1000,
      error: 'no disk',
    });

    const error = await client.tasks.wait(upid, { pollInterval: 1000 }).catch((e) => e);

    expect(error).toBeInstanceOf(ProxmoxTaskError);
    expect(error).toMatchObject({
      code: 'task_failed',
      upid,
      node: 'pve1',
      type: 'qmstart',
      exitstatus: 'no disk',
    });
    expect(error.message).toContain('no disk');
  });

  it('stops polling when the signal fires, with ProxmoxAbortError', async () => {
    const { sim, client, sleeps } = setup();
    const upid = sim.tasks.start({ type: 'qmstart', id: '100', durationMs: 60_000 });
    const controller = new AbortController();

    const waiting = client.tasks.wait(upid, { signal: controller.signal, pollInterval: 1000 });
    const error = await Promise.race([
      waiting.catch((e) => e),
      (async () => {
        while (sleeps.length < 2) await new Promise((resolve) => setImmediate(resolve));
        controller.abort(new Error('user pressed Ctrl-C'));
        return waiting.catch((e) => e);
      })(),
    ]);

    expect(error).toBeInstanceOf(ProxmoxAbortError);
    expect(error.code).toBe('aborted');
    expect(sleeps.length).toBeLessThan(5);
  });

  it('gives up after `timeout` with ProxmoxTaskTimeoutError; the task goes on', async () => {
    const { sim, client, sleeps } = setup();
    const upid = sim.tasks.start({ type: 'qmclone', id: '100', durationMs: 60_000 });

    const error = await client.tasks
      .wait(upid, { pollInterval: 1000, timeout: 2500 })
      .catch((e) => e);

    expect(error).toBeInstanceOf(ProxmoxTaskTimeoutError);
    expect(error).toMatchObject({ code: 'task_timeout', upid, timeoutMs: 2500 });
    expect(sleeps).toEqual([1000, 1000, 500]);
    expect((await client.tasks.status(upid)).status).toBe('running');
  });

  it('takes 400s on the first status reads of a fresh UPID as "not yet"', async () => {
    const { sim, client } = setup();
    const upid = sim.tasks.start({ type: 'qmstart', id: '100', durationMs: 1000 });
    sim.faults.add({
      kind: 'status',
      status: 400,
      path: /\/status$/,
      times: 2,
      message: 'no such task',
    });

    const result = await client.tasks.wait(upid, { pollInterval: 200 });

    expect(result.exitstatus).toBe('OK');
    expect(statusReads(sim)).toBeGreaterThan(2);
  });

  it('gives the 400 through once the start-up window has passed', async () => {
    const { sim, client, sleeps } = setup();
    const upid = sim.tasks.start({ type: 'qmstart', id: '100', durationMs: 60_000 });
    sim.faults.add({ kind: 'status', status: 400, path: /\/status$/, message: 'no such task' });

    const error = await client.tasks.wait(upid, { pollInterval: 1000 }).catch((e) => e);

    expect(error).toBeInstanceOf(ProxmoxValidationError);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(STARTUP_GRACE_MS);
  });
});

describe('client.tasks.log', () => {
  it('reads a long log in pages of `start`/`limit`', async () => {
    const { sim, client, taskClock } = setup();
    const log = Array.from({ length: 1200 }, (_, index) => `line ${index + 1}`);
    const upid = sim.tasks.start({ type: 'vzdump', id: '101', log });
    await taskClock.advance(0);

    const lines: TaskLogLine[] = [];
    for await (const line of client.tasks.log(upid)) lines.push(line);

    expect(lines).toHaveLength(1201);
    expect(lines[1199]).toEqual({ n: 1200, t: 'line 1200' });
    expect(lines[1200]).toEqual({ n: 1201, t: 'TASK OK' });
    const windows = sim.requests
      .filter((request) => request.path.endsWith('/log'))
      .map((request) => [request.query.start, request.query.limit]);
    expect(windows).toEqual([
      ['0', '500'],
      ['500', '500'],
      ['1000', '500'],
    ]);
  });

  it('follows a running task until it stopped, every line once', async () => {
    const { sim, client, sleeps } = setup();
    const upid = sim.tasks.start({ type: 'qmstart', id: '100', durationMs: 3000, log: ['boot'] });

    const lines: string[] = [];
    for await (const line of client.tasks.log(upid, { follow: true, pollInterval: 1000 })) {
      lines.push(line.t);
    }

    expect(lines).toEqual(['boot', 'TASK OK']);
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it('stops following when the signal fires, after the lines read so far', async () => {
    const { sim, client, sleeps } = setup();
    const upid = sim.tasks.start({ type: 'qmstart', id: '100', durationMs: 60_000, log: ['boot'] });
    const controller = new AbortController();

    const lines: string[] = [];
    const reading = (async () => {
      const options = { follow: true, pollInterval: 1000, signal: controller.signal };
      for await (const line of client.tasks.log(upid, options)) {
        lines.push(line.t);
        if (sleeps.length === 0) queueMicrotask(() => controller.abort(new Error('enough')));
      }
    })();

    await expect(reading).rejects.toBeInstanceOf(ProxmoxAbortError);
    expect(lines).toEqual(['boot']);
    expect(sleeps.length).toBeLessThanOrEqual(1);
  });

  it('does not take the `no content` of an empty running log for a line', async () => {
    const { sim, client } = setup();
    const upid = sim.tasks.start({ type: 'qmstop', id: '100', durationMs: 1000 });

    const lines: string[] = [];
    for await (const line of client.tasks.log(upid, { follow: true, pollInterval: 500 })) {
      lines.push(line.t);
    }

    expect(lines).toEqual(['TASK OK']);
  });
});

describe('client.tasks.list and stop', () => {
  it("lists a node's tasks with filters, and stops a running one", async () => {
    const { sim, client, taskClock } = setup();
    const running = sim.tasks.start({ type: 'qmstart', id: '100', durationMs: 60_000 });
    const failed = sim.tasks.start({ type: 'vzdump', id: '101', error: 'disk full' });
    await taskClock.advance(0);

    const all = await client.tasks.list('pve1', { source: 'all' });
    expect(all.map((task) => task.upid).sort()).toEqual([running, failed].sort());
    const errors = await client.tasks.list('pve1', { errors: true });
    expect(errors.map((task) => task.upid)).toEqual([failed]);
    const backups = await client.tasks.list('pve1', { typefilter: 'vzdump' });
    expect(backups.map((task) => task.upid)).toEqual([failed]);

    await client.tasks.stop(running);
    const stopped = await client.tasks.status(running);
    expect(stopped.status).toBe('stopped');
    expect(stopped.exitstatus).not.toBe('OK');
  });
});
