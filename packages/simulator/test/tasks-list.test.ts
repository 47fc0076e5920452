import { beforeEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../src/tasks/clock.js';
import { listTasks, type TaskListQuery } from '../src/tasks/list.js';
import { TaskRegistry, type WorkerBody } from '../src/tasks/registry.js';
import { ownsTask, taskAccess, upidError } from '../src/tasks/status.js';
import { accessView } from './permissions-fixture.js';

const view = accessView({
  users: {
    'root@pam': {},
    'joe@pve': { tokens: { ci: { privsep: true }, other: { privsep: true } } },
    'ann@pve': {},
    'auditor@pve': {},
  },
  acl: [{ path: '/nodes/pve1', user: 'auditor@pve', role: 'PVEAuditor' }],
});

const T0 = Date.UTC(2026, 4, 1) / 1000;

let clock: ManualClock;
let tasks: TaskRegistry;
let upids: Record<string, string>;

// Six finished tasks on pve1 a minute apart, one on pve2, and one still running on pve1.
beforeEach(async () => {
  clock = new ManualClock(T0 * 1000);
  tasks = new TaskRegistry({ clock });
  upids = {};
  const warn: WorkerBody = (task) => task.warn('slow');
  const fail: WorkerBody = () => {
    throw new Error('boom');
  };
  const finished: [string, string, string, string, WorkerBody | undefined][] = [
    ['a', 'qmstart', '100', 'joe@pve', undefined],
    ['b', 'qmstop', '100', 'joe@pve!ci', undefined],
    ['c', 'vzdump', '101', 'ann@pve', warn],
    ['d', 'qmstart', '101', 'ann@pve', fail],
    ['e', 'aptupdate', '', 'root@pam', undefined],
    ['f', 'qmstart', '102', 'joe@pve!other', undefined],
  ];
  for (const [key, type, id, authid, body] of finished) {
    upids[key] = tasks.start({ node: 'pve1', type, id, authid, ...(body ? { body } : {}) });
    await clock.advance(60_000);
  }
  upids.g = tasks.start({ node: 'pve2', type: 'qmstart', id: '200', authid: 'joe@pve' });
  await clock.advance(60_000);
  upids.h = tasks.start({
    node: 'pve1',
    type: 'vzdump',
    id: '100',
    authid: 'joe@pve!ci',
    durationMs: 1e9,
  });
  upids.i = tasks.start({
    node: 'pve1',
    type: 'vzdump',
    id: '101',
    authid: 'joe@pve',
    durationMs: 1e9,
  });
});

function list(authid: string, query: Partial<TaskListQuery> = {}) {
  const result = listTasks(tasks.all(), { node: 'pve1', ...query }, { view, authid });
  const keys = result.data.map((item) => Object.keys(upids).find((k) => upids[k] === item.upid));
  return { total: result.total, keys, data: result.data };
}

describe('visibility', () => {
  test('a user sees its own tasks and its tokens, newest first', () => {
    expect(list('joe@pve').keys).toEqual(['f', 'b', 'a']);
  });

  test('a token sees only its own tasks', () => {
    expect(list('joe@pve!ci').keys).toEqual(['b']);
  });

  test('Sys.Audit on the node shows everyone tasks there, and only there', () => {
    expect(list('auditor@pve').keys).toEqual(['f', 'e', 'd', 'c', 'b', 'a']);
    expect(list('auditor@pve', { node: 'pve2' }).keys).toEqual([]);
    expect(list('root@pam', { node: 'pve2' }).keys).toEqual(['g']);
  });

  test('status, log and stop: owners pass, others need the privilege on the node', () => {
    expect(ownsTask('joe@pve', 'joe@pve!ci')).toBe(true);
    expect(ownsTask('joe@pve!ci', 'joe@pve')).toBe(false);
    expect(taskAccess(view, 'joe@pve', 'pve1', { user: 'joe@pve!ci' }, 'Sys.Modify')).toEqual({
      allowed: true,
    });
    expect(taskAccess(view, 'auditor@pve', 'pve1', { user: 'ann@pve' }, 'Sys.Audit')).toEqual({
      allowed: true,
    });
    expect(taskAccess(view, 'auditor@pve', 'pve1', { user: 'ann@pve' }, 'Sys.Modify')).toEqual({
      allowed: false,
      status: 403,
      message: 'Permission check failed (/nodes/pve1, Sys.Modify)',
    });
  });
});

describe('list items', () => {
  test('finished tasks carry endtime and exit status; token tasks split the user', () => {
    const b = list('root@pam').data.find((item) => item.upid === upids.b);
    expect(b).toMatchObject({ user: 'joe@pve', tokenid: 'ci', status: 'OK', endtime: T0 + 60 });
    const d = list('root@pam').data.find((item) => item.upid === upids.d);
    expect(d).toMatchObject({ status: 'boom', type: 'qmstart', id: '101' });
  });

  test('running tasks are listed by source active or all, with status RUNNING', () => {
    expect(list('root@pam', { source: 'active' }).keys).toEqual(['i', 'h']);
    expect(list('root@pam', { source: 'all' }).keys.slice(0, 3)).toEqual(['i', 'h', 'f']);
    const running = list('root@pam', { source: 'active' }).data[1];
    expect(running).toMatchObject({ status: 'RUNNING', user: 'joe@pve!ci' });
    expect(running).not.toHaveProperty('endtime');
  });

  test('as in Proxmox, a running token task is hidden from the token owner', () => {
    expect(list('joe@pve', { source: 'active' }).keys).toEqual(['i']);
    expect(list('joe@pve!ci', { source: 'active' }).keys).toEqual(['h']);
  });
});

describe('filters', () => {
  test('start and limit page the list; total counts every match', () => {
    expect(list('root@pam', { start: 1, limit: 2 })).toMatchObject({ total: 6, keys: ['e', 'd'] });
    expect(list('root@pam', { start: 10 })).toMatchObject({ total: 6, keys: [] });
    expect(list('root@pam', { limit: 0 })).toMatchObject({ total: 6, keys: [] });
  });

  test('typefilter is exact, userfilter a case-insensitive substring', () => {
    expect(list('root@pam', { typefilter: 'qmstart' }).keys).toEqual(['f', 'd', 'a']);
    expect(list('root@pam', { typefilter: 'qm' }).keys).toEqual([]);
    expect(list('root@pam', { userfilter: 'ANN' }).keys).toEqual(['d', 'c']);
    expect(list('root@pam', { userfilter: 'joe@pve' }).keys).toEqual(['f', 'b', 'a']);
  });

  test('vmid matches the task id', () => {
    expect(list('root@pam', { vmid: 101 }).keys).toEqual(['d', 'c']);
  });

  test('since and until bound the start time, inclusively', () => {
    expect(list('root@pam', { since: T0 + 120, until: T0 + 240 }).keys).toEqual(['e', 'd', 'c']);
  });

  test('errors lists everything but OK; statusfilter picks status classes', () => {
    expect(list('root@pam', { errors: true }).keys).toEqual(['d', 'c']);
    expect(list('root@pam', { statusfilter: 'error' }).keys).toEqual(['d']);
    expect(list('root@pam', { statusfilter: 'OK, warning' }).keys).toEqual([
      'f',
      'e',
      'c',
      'b',
      'a',
    ]);
    expect(list('root@pam', { statusfilter: 'error', errors: true }).keys).toEqual(['d', 'c']);
    expect(list('root@pam', { source: 'active', statusfilter: 'unknown' }).keys).toEqual([
      'i',
      'h',
    ]);
  });
});

test('an unknown UPID gets the message Proxmox gives for it', () => {
  expect(upidError('garbage')).toBe('unable to parse worker upid');
  expect(upidError('UPID:pve1:00001000:00000000:00000000:x::root@pam:')).toBe('no such task');
});
