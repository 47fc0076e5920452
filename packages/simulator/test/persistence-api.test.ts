import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Simulator } from '../src/index.js';
import { form, simulator, tokenHeader } from './helpers.js';

let directory: string;
let stateFile: string;
const open: Simulator[] = [];

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'pvekit-sim-state-'));
  stateFile = path.join(directory, 'cluster.json');
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
  rmSync(directory, { recursive: true, force: true });
});

async function start(): Promise<{ sim: Simulator; auth: Record<string, string> }> {
  const sim = simulator({ stateFile });
  open.push(sim);
  // Tokens are saved too: each run makes its own.
  const tokenid = `admin${open.length}`;
  const token = await sim.access.createToken('root@pam', tokenid, { privsep: false });
  return { sim, auth: tokenHeader(token.tokenId, token.secret) };
}

describe('a simulator with a state file', () => {
  test('guests created in one run are there in the next', async () => {
    const first = await start();
    const created = await first.sim.fetch('/api2/json/nodes/pve1/qemu', {
      method: 'POST',
      headers: first.auth,
      body: form({ vmid: '100', name: 'kept' }),
    });
    const upid = ((await created.json()) as { data: string }).data;
    expect((await first.sim.tasks.whenDone(upid)).exitstatus).toBe('OK');
    await first.sim.close();
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ version: 2 });

    const second = await start();
    const config = await second.sim.fetch('/api2/json/nodes/pve1/qemu/100/config', {
      headers: second.auth,
    });
    expect(((await config.json()) as { data: { name: string } }).data.name).toBe('kept');
  });

  test('a synchronous change is on disk before its answer arrives', async () => {
    const first = await start();
    const created = await first.sim.fetch('/api2/json/nodes/pve1/qemu', {
      method: 'POST',
      headers: first.auth,
      body: form({ vmid: '100' }),
    });
    await first.sim.tasks.whenDone(((await created.json()) as { data: string }).data);
    const put = await first.sim.fetch('/api2/json/nodes/pve1/qemu/100/config', {
      method: 'PUT',
      headers: first.auth,
      body: form({ name: 'renamed' }),
    });
    expect(put.status).toBe(200);
    expect(readFileSync(stateFile, 'utf8')).toContain('renamed');
  });

  test('an unreadable state file stops creation with an error naming it', () => {
    writeFileSync(stateFile, '{"format": "something else"}');
    expect(() => simulator({ stateFile })).toThrow(stateFile);
  });
});
