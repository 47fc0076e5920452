import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, cli, cliWorld, ROOT_PASSWORD } from './helpers/cli.js';

describe('pvekit get|create|set|delete|ls over TLS', () => {
  let world: CliWorld;
  let env: Record<string, string>;

  beforeAll(async () => {
    world = await cliWorld();
    env = world.env({ PVEKIT_USER: 'root@pam', PVEKIT_PASSWORD: ROOT_PASSWORD });
  });
  afterAll(() => world.close());

  it('get prints JSON that parses back to what the API returned', async () => {
    const result = await cli(['get', '/version', '--output-format', 'json'], env);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ release: expect.any(String) });
  });

  it('create, set, get and delete map to POST, PUT, GET and DELETE with --name value', async () => {
    const user = '/access/users/ops@pve';
    const created = await cli(['create', '/access/users', '--userid', 'ops@pve'], env);
    const changed = await cli(['set', user, '--comment', 'night shift'], env);
    const read = await cli(['get', user, '--output-format', 'json'], env);
    const deleted = await cli(['delete', user], env);
    const gone = await cli(['get', user], env);

    expect([created.code, changed.code, read.code, deleted.code]).toEqual([0, 0, 0, 0]);
    expect(JSON.parse(read.stdout)).toMatchObject({ comment: 'night shift' });
    expect(gone.code).toBe(1);
    const methods = world.sim.simulator.requests
      .filter((request) => request.path.startsWith('/api2/json/access/users'))
      .map((request) => request.method);
    expect(methods).toEqual(['POST', 'PUT', 'GET', 'DELETE', 'GET']);
  });

  it('sends a bare --flag as 1 and --key=value as the value', async () => {
    const before = world.sim.simulator.requests.length;
    const result = await cli(['get', '/nodes/pve1/tasks', '--errors', '--limit=3'], env);

    expect(result.code).toBe(0);
    const sent = world.sim.simulator.requests.slice(before).find((r) => r.path.endsWith('/tasks'));
    expect(sent?.query).toMatchObject({ errors: '1', limit: '3' });
  });

  it('parameters after -- are sent to the API, not read as pvekit flags', async () => {
    const before = world.sim.simulator.requests.length;
    const result = await cli(['get', '/nodes/pve1/tasks', '--', '--source', 'all'], env);

    expect(result.code).toBe(0);
    const sent = world.sim.simulator.requests.slice(before).find((r) => r.path.endsWith('/tasks'));
    expect(sent?.query).toEqual({ source: 'all' });
  });

  it('ls prints one child name per line', async () => {
    const result = await cli(['ls', '/nodes'], env);

    expect(result).toMatchObject({ code: 0, stdout: 'pve1\n' });
  });

  it('text output is a table for a list of objects', async () => {
    const result = await cli(['get', '/access/users'], env);

    const [header, rule, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^userid\b/);
    expect(rule).toMatch(/^-+( +-+)*$/);
    expect(rows.some((row) => row.startsWith('root@pam'))).toBe(true);
  });

  it('yaml output names each field', async () => {
    const result = await cli(['get', '/version', '--output-format', 'yaml'], env);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^release: "?[\d.]+"?$/m);
  });

  it('--wait waits for the task a call started and streams its log to stderr', async () => {
    const args = [
      'create',
      '/nodes/pve1/qemu',
      '--vmid',
      '300',
      '--memory',
      '512',
      '--wait',
      '--poll-interval',
      '50',
    ];
    const result = await cli(args, env);

    expect(result.code).toBe(0);
    const upid = result.stdout.trim();
    expect(upid).toMatch(/^UPID:pve1:.*:qmcreate:300:root@pam:$/);
    expect(result.stderr).toMatch(/(^|\n)TASK OK\n$/);
    const status = await cli(['task', 'status', upid, '--output-format', 'json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
  });

  it('--wait exits 1 when the task fails, with the task error on stderr', async () => {
    const created = await cli(
      ['create', '/nodes/pve1/qemu', '--vmid', '301', '--wait', '--poll-interval', '50'],
      env,
    );
    expect(created.code).toBe(0);
    const started = [
      'create',
      '/nodes/pve1/qemu/301/status/start',
      '--wait',
      '--poll-interval',
      '50',
    ];
    await cli(started, env);

    const again = await cli(started, env);

    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: task qmstart on pve1 failed: .*running/m);
    expect(again.stderr).toMatch(/^hint: read the log: pvekit task log UPID:/m);
  });

  it('API failures exit 1 with one error line and a hint', async () => {
    const result = await cli(['get', '/no/such/path'], env);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const [error, hint, ...rest] = result.stderr.trimEnd().split('\n');
    expect(error).toMatch(/^error: GET \/no\/such\/path: 501 /);
    expect(hint).toMatch(/^hint: /);
    expect(rest).toEqual([]);
  });

  it.each([
    [['get', 'nodes'], "'nodes' is not an API path"],
    [['get', '/version', 'stray'], "unexpected 'stray'"],
    [['get', '/version', '--output-format', 'xml'], "--output-format 'xml' is unknown"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['get'], "missing required argument 'path'"],
  ])('usage errors exit 2: %j', async (args, message) => {
    const result = await cli(args, env);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
