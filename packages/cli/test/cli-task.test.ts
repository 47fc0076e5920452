import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, cli, cliWorld, ROOT_PASSWORD } from './helpers/cli.js';

describe('pvekit task', () => {
  let world: CliWorld;
  let env: Record<string, string>;
  const fast = ['--poll-interval', '20'];

  beforeAll(async () => {
    world = await cliWorld();
    env = world.env({ PVEKIT_USER: 'root@pam', PVEKIT_PASSWORD: ROOT_PASSWORD });
  });
  afterAll(() => world.close());

  const start = (spec: Parameters<CliWorld['sim']['simulator']['tasks']['start']>[0]) =>
    world.sim.simulator.tasks.start(spec);

  it("list shows the node's tasks, filtered as the API filters them", async () => {
    const backup = start({ type: 'vzdump', id: '100', error: 'storage full' });
    const started = start({ type: 'qmstart', id: '100' });
    await world.sim.simulator.tasks.whenDone(backup);
    await world.sim.simulator.tasks.whenDone(started);

    const all = await cli(['task', 'list', 'pve1', '--output-format', 'json'], env);
    const failed = await cli(['task', 'list', 'pve1', '--errors', '--output-format', 'json'], env);

    expect(all.code).toBe(0);
    const upids = JSON.parse(all.stdout).map((task: { upid: string }) => task.upid);
    expect(upids).toEqual(expect.arrayContaining([backup, started]));
    expect(JSON.parse(failed.stdout).map((task: { upid: string }) => task.upid)).toContain(backup);
    expect(failed.stdout).not.toContain(started);
  });

  it('status prints where the task stands', async () => {
    const upid = start({ type: 'qmstart', id: '101', durationMs: 60_000 });

    const result = await cli(['task', 'status', upid], env);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^status +running$/m);
    expect(result.stdout).toMatch(/^type +qmstart$/m);
    world.sim.simulator.tasks.stop(upid);
  });

  it('log prints the lines; --follow waits for the end of a running task', async () => {
    const upid = start({ type: 'vzdump', id: '102', durationMs: 150, log: ['one', 'two'] });

    const followed = await cli(['task', 'log', upid, '--follow', ...fast], env);
    const again = await cli(['task', 'log', upid], env);

    expect(followed).toMatchObject({ code: 0, stdout: 'one\ntwo\nTASK OK\n' });
    expect(again.stdout).toBe(followed.stdout);
  });

  it('wait streams the log to stderr and prints the result; exit 1 on failure', async () => {
    const good = start({ type: 'vzdump', id: '103', durationMs: 60, warnings: ['slow disk'] });
    const bad = start({ type: 'qmstart', id: '104', durationMs: 60, error: 'no bootable disk' });

    const ok = await cli(['task', 'wait', good, '--output-format', 'json', ...fast], env);
    const failed = await cli(['task', 'wait', bad, ...fast], env);

    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ exitstatus: 'WARNINGS: 1', warnings: 1 });
    expect(ok.stderr).toContain('slow disk');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('TASK ERROR: no bootable disk');
    expect(failed.stderr).toContain('error: task qmstart on pve1 failed: no bootable disk');
  });

  it('wait --timeout gives up on a task still running, exit 1, and leaves it running', async () => {
    const upid = start({ type: 'qmclone', id: '106', durationMs: 60_000 });

    const result = await cli(['task', 'wait', upid, '--timeout', '60', ...fast], env);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: task UPID:\S+ still running after 60 ms/m);
    const status = await cli(['task', 'status', upid, '--output-format', 'json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'running' });
    world.sim.simulator.tasks.stop(upid);
  });

  it('stop ends a running task', async () => {
    const upid = start({ type: 'qmclone', id: '105', durationMs: 60_000 });

    const stopped = await cli(['task', 'stop', upid], env);
    const status = await cli(['task', 'status', upid, '--output-format', 'json'], env);

    expect(stopped.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'stopped' });
    expect(JSON.parse(status.stdout).exitstatus).not.toBe('OK');
  });

  it('a malformed UPID is a usage error that says what is wrong', async () => {
    const result = await cli(['task', 'status', 'UPID:pve1:nope:'], env);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'UPID:pve1:nope:' is not a UPID: it has 2 fields, not 7");
  });
});
