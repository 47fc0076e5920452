import { describe, expect, test } from 'vitest';
import { SimulatorError } from '../src/errors.js';
import { ManualClock } from '../src/tasks/clock.js';
import { TaskRegistry } from '../src/tasks/registry.js';
import { taskStatus } from '../src/tasks/status.js';
import { decodeUpid } from '../src/tasks/upid.js';

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 4, 1, 12, 0, 0));
  return { clock, tasks: new TaskRegistry({ clock }) };
}

const startSeconds = Date.UTC(2026, 4, 1, 12, 0, 0) / 1000;

describe('task lifecycle', () => {
  test('a task runs for its duration, then stops with TASK OK', async () => {
    const { clock, tasks } = setup();
    const upid = tasks.start({
      node: 'pve1',
      type: 'qmstart',
      id: '100',
      authid: 'root@pam',
      durationMs: 3000,
      body: (task) => task.log('starting VM 100'),
    });

    expect(decodeUpid(upid)).toMatchObject({ node: 'pve1', type: 'qmstart', id: '100' });
    expect(decodeUpid(upid)?.starttime).toBe(startSeconds);
    await clock.advance(2999);
    expect(tasks.get(upid)?.status).toBe('running');
    expect(taskStatus(tasks.get(upid) ?? fail())).not.toHaveProperty('exitstatus');

    await clock.advance(1);
    const done = tasks.get(upid);
    expect(done).toMatchObject({ status: 'stopped', exitstatus: 'OK', endtime: startSeconds + 3 });
    expect(done?.log).toEqual(['starting VM 100', 'TASK OK']);
  });

  test('a body that sleeps on the clock logs as time passes', async () => {
    const { clock, tasks } = setup();
    const upid = tasks.start({
      node: 'pve1',
      type: 'vzdump',
      authid: 'root@pam',
      body: async (task) => {
        task.log('phase 1');
        await task.sleep(1000);
        task.log('phase 2\nphase 3\n');
      },
    });
    await clock.advance(0);
    expect(tasks.readLog(upid)?.lines.map((line) => line.t)).toEqual(['phase 1']);
    await clock.advance(1000);
    expect(tasks.get(upid)?.log).toEqual(['phase 1', 'phase 2', 'phase 3', 'TASK OK']);
  });

  test('warnings are counted and end the log with TASK WARNINGS', async () => {
    const { clock, tasks } = setup();
    const upid = tasks.start({
      node: 'pve1',
      type: 'vzdump',
      id: '100',
      authid: 'root@pam',
      body: (task) => {
        task.warn('guest agent not running');
        task.warn('skipping disk\n');
      },
    });
    await clock.advance(0);
    expect(tasks.get(upid)).toMatchObject({ status: 'stopped', exitstatus: 'WARNINGS: 2' });
    expect(tasks.get(upid)?.log).toEqual([
      'WARN: guest agent not running',
      'WARN: skipping disk',
      'TASK WARNINGS: 2',
    ]);
  });

  test('a failing body ends with TASK ERROR and the message on one line', async () => {
    const { clock, tasks } = setup();
    const upid = tasks.start({
      node: 'pve1',
      type: 'qmstart',
      id: '100',
      authid: 'root@pam',
      durationMs: 500,
      body: () => {
        throw new Error('VM 100 already running\nsecond line\n');
      },
    });
    await clock.advance(499);
    expect(tasks.get(upid)?.status).toBe('running');
    await clock.advance(1);
    expect(tasks.get(upid)).toMatchObject({
      status: 'stopped',
      exitstatus: 'VM 100 already running second line',
    });
    expect(tasks.get(upid)?.log.at(-1)).toBe('TASK ERROR: VM 100 already running second line');
  });

  test('stopping a running task ends it at once with received interrupt', async () => {
    const { clock, tasks } = setup();
    let aborted = false;
    const upid = tasks.start({
      node: 'pve1',
      type: 'vzdump',
      authid: 'root@pam',
      body: async (task) => {
        task.log('backing up');
        try {
          await task.sleep(60_000);
        } catch {
          aborted = task.signal.aborted;
        }
        task.log('never logged');
      },
    });
    await clock.advance(10);
    expect(tasks.stop(upid)).toBe(true);
    const stopped = await tasks.whenDone(upid);
    expect(stopped).toMatchObject({ status: 'stopped', exitstatus: 'received interrupt' });
    await clock.advance(60_000);
    expect(aborted).toBe(true);
    expect(tasks.get(upid)?.log).toEqual(['backing up', 'TASK ERROR: received interrupt']);
    expect(tasks.stop(upid)).toBe(true);
    expect(tasks.get(upid)?.log).toHaveLength(2);
    expect(clock.pending).toBe(0);
  });

  test('unknown UPIDs are reported, not invented', async () => {
    const { tasks } = setup();
    expect(tasks.get('UPID:pve1:00001000:00000000:00000000:x::root@pam:')).toBeUndefined();
    expect(tasks.readLog('nope')).toBeUndefined();
    expect(tasks.stop('nope')).toBe(false);
    await expect(tasks.whenDone('nope')).rejects.toThrow(SimulatorError);
  });

  test('each task gets its own pid and the token id in the UPID user field', () => {
    const { tasks } = setup();
    const first = tasks.start({ node: 'pve1', type: 'aptupdate', authid: 'joe@pve!ci' });
    const second = tasks.start({ node: 'pve1', type: 'aptupdate', authid: 'joe@pve' });
    expect(decodeUpid(first)?.user).toBe('joe@pve!ci');
    expect(decodeUpid(first)?.id).toBe('');
    expect(decodeUpid(first)?.pid).not.toBe(decodeUpid(second)?.pid);
  });
});

describe('the status object', () => {
  test('carries the UPID fields, the split token id and the exit status once stopped', async () => {
    const { clock, tasks } = setup();
    const upid = tasks.start({ node: 'pve1', type: 'qmstop', id: '100', authid: 'joe@pve!ci' });
    const fields = decodeUpid(upid) ?? fail();
    expect(taskStatus(tasks.get(upid) ?? fail())).toEqual({
      upid,
      node: 'pve1',
      pid: fields.pid,
      pstart: fields.pstart,
      starttime: startSeconds,
      type: 'qmstop',
      id: '100',
      user: 'joe@pve',
      tokenid: 'ci',
      status: 'running',
    });
    await clock.advance(0);
    expect(taskStatus(tasks.get(upid) ?? fail())).toMatchObject({
      status: 'stopped',
      exitstatus: 'OK',
    });
  });
});

function fail(): never {
  throw new Error('expected a value');
}
