import { describe, expect, test } from 'vitest';
import {
  exitStatusOf,
  isTaskError,
  logDownload,
  pageLog,
  statusType,
} from '../src/tasks/task-log.js';

const log = ['starting', 'working', 'still working', 'TASK OK'];

describe('pageLog', () => {
  test('defaults to the first 50 lines, numbered from 1', () => {
    expect(pageLog(log)).toEqual({
      total: 4,
      lines: log.map((t, index) => ({ n: index + 1, t })),
    });
  });

  test('start skips lines and keeps their numbers', () => {
    expect(pageLog(log, { start: 2, limit: 1 })).toEqual({
      total: 4,
      lines: [{ n: 3, t: 'still working' }],
    });
  });

  test('limit 0 returns every line from start', () => {
    const long = Array.from({ length: 120 }, (_, index) => `line ${index}`);
    expect(pageLog(long, { limit: 0 }).lines).toHaveLength(120);
    expect(pageLog(long, { start: 100, limit: 0 }).lines[0]).toEqual({ n: 101, t: 'line 100' });
    expect(pageLog(long).lines).toHaveLength(50);
  });

  test('a window past the end is empty but total counts every line', () => {
    expect(pageLog(log, { start: 10 })).toEqual({ total: 4, lines: [] });
  });

  test('an empty log reads as one "no content" line, whatever the window', () => {
    const noContent = { total: 1, lines: [{ n: 1, t: 'no content' }] };
    expect(pageLog([])).toEqual(noContent);
    expect(pageLog([], { start: 5, limit: 2 })).toEqual(noContent);
  });
});

describe('exit status', () => {
  test.each([
    ['TASK OK', 'OK'],
    ['TASK WARNINGS: 3', 'WARNINGS: 3'],
    ['TASK ERROR: VM 100 already running', 'VM 100 already running'],
    ['TASK ERROR: ', 'unexpected status'],
    ['some output', 'unexpected status'],
  ])('%j → %j', (line, status) => {
    expect(exitStatusOf(line)).toBe(status);
  });

  test.each([
    [undefined, 'unknown', true],
    ['OK', 'ok', false],
    ['WARNINGS: 2', 'warning', false],
    ['WARNINGS: many', 'error', true],
    ['unexpected status', 'unknown', true],
    ['disk full', 'error', true],
  ] as const)('%j is %s', (status, type, failed) => {
    expect(statusType(status)).toBe(type);
    if (status !== undefined) expect(isTaskError(status)).toBe(failed);
  });
});

test('a download is the whole log, one line each, named after node, type and start', () => {
  const starttime = Date.UTC(2026, 4, 1, 12, 30, 5) / 1000;
  expect(logDownload({ node: 'pve1', type: 'vzdump', starttime, log })).toEqual({
    filename: 'task-pve1-vzdump-2026-05-01T12:30:05Z.log',
    text: 'starting\nworking\nstill working\nTASK OK\n',
  });
});
