import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, cliWorld } from './helpers/cli.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function spawnCli(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', 'packages/cli/src/bin.ts', ...args],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
}

// Spawning costs seconds on a small machine: this one test proves the real entry point;
// the rest of the CLI is tested in-process through run().
describe('the pvekit executable', () => {
  let world: CliWorld;
  beforeAll(async () => {
    world = await cliWorld();
  });
  afterAll(() => world.close());

  it('waits for a failing task over TLS, streams its log to stderr and exits 1', async () => {
    const token = await world.sim.simulator.access.createToken('root@pam', 'e2e', {
      privsep: false,
    });
    const upid = world.sim.simulator.tasks.start({
      type: 'vzdump',
      id: '100',
      log: ['backup started'],
      error: 'storage full',
    });
    const env = world.env({ PVEKIT_TOKEN_ID: token.tokenId, PVEKIT_TOKEN_SECRET: token.secret });

    const result = await spawnCli(['task', 'wait', upid], env);

    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'backup started\nTASK ERROR: storage full\n' +
        'error: task vzdump on pve1 failed: storage full\n' +
        `hint: read the log: pvekit task log ${upid}\n`,
    );
    expect(result.code).toBe(1);
  }, 30_000);
});
