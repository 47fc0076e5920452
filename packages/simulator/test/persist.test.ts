import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  bindCluster,
  changePower,
  createQemu,
  createSnapshot,
  readConfig,
  SimulatorError,
} from '../src/state/cluster/index.js';
import {
  loadCluster,
  STATE_FORMAT_VERSION,
  saveCluster,
  serializeCluster,
} from '../src/state/persist.js';
import { testCluster } from './cluster-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'pvekit-persist-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function loadError(file: string): Promise<SimulatorError> {
  try {
    await loadCluster(file);
  } catch (error) {
    if (error instanceof SimulatorError) return error;
    throw error;
  }
  throw new Error('expected loadCluster to fail');
}

describe('persistence', () => {
  test('a saved cluster loads back equal, and keeps working with its digests intact', async () => {
    const { cluster, clock } = testCluster(2);
    createQemu(cluster, 'pve1', 100, { scsi0: 'local-lvm:4', net0: 'virtio,bridge=vmbr0' });
    createSnapshot(cluster, 'pve1', 'qemu', 100, 'first');
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    const file = path.join(directory, 'state.json');
    await saveCluster(file, cluster.state, clock.now);

    const loaded = await loadCluster(file);
    expect(loaded).toEqual(cluster.state);
    if (!loaded) throw new Error('state missing');
    const restored = bindCluster(
      loaded,
      () => clock.now,
      () => 0.5,
    );
    expect(readConfig(restored, 'pve1', 'qemu', 100).digest).toBe(
      readConfig(cluster, 'pve1', 'qemu', 100).digest,
    );
    expect(await readdir(directory)).toEqual(['state.json']);
  });

  test('a missing file means no saved state, not an error', async () => {
    expect(await loadCluster(path.join(directory, 'absent.json'))).toBeUndefined();
  });

  test.each([
    ['truncated JSON', (text: string) => text.slice(0, text.length / 2), /is not valid JSON/],
    ['another format', () => '{"hello": 1}', /is not a pvekit simulator state file/],
    [
      'a newer version',
      (text: string) => text.replace(`"version": ${STATE_FORMAT_VERSION}`, '"version": 99'),
      /has format version 99; this simulator reads versions 1 and 2/,
    ],
    [
      'no nodes',
      (text: string) => {
        const parsed = JSON.parse(text);
        parsed.cluster.nodes = {};
        return JSON.stringify(parsed);
      },
      /holds a cluster without nodes/,
    ],
  ])('%s gives a SimulatorError naming the file', async (_name, damage, pattern) => {
    const { cluster } = testCluster();
    const file = path.join(directory, 'state.json');
    await writeFile(file, damage(serializeCluster(cluster.state, 0)));
    const error = await loadError(file);
    expect(error.message).toContain(`state file '${file}'`);
    expect(error.message).toMatch(pattern);
  });

  test('a failed save removes its temporary file and leaves the old state alone', async () => {
    const { cluster } = testCluster();
    const target = path.join(directory, 'occupied');
    await mkdir(target);
    await expect(saveCluster(target, cluster.state, 0)).rejects.toThrow();
    expect(await readdir(directory)).toEqual(['occupied']);
  });

  test('a writer killed at arbitrary moments always leaves a complete state behind', async () => {
    const file = path.join(directory, 'state.json');
    const writer = path.join(here, 'persist-kill-writer.ts');
    let lastAcknowledged = 0;
    for (const killAfter of [1, 3, 2]) {
      const acknowledged = await runAndKill(writer, file, killAfter);
      expect(acknowledged).toBeGreaterThanOrEqual(killAfter);

      const state = await loadCluster(file);
      expect(state).toBeDefined();
      const generation = (state?.options.nextIdLower ?? 0) - 100;
      // Every acknowledged save survived (later, unacknowledged ones may have landed too).
      expect(generation).toBeGreaterThanOrEqual(acknowledged);
      expect(Object.keys(state?.guests ?? {})).toHaveLength(1000);
      lastAcknowledged = acknowledged;
    }
    expect(lastAcknowledged).toBeGreaterThan(0);
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
  }, 30_000);
});

/** Start the writer, SIGKILL it once it has acknowledged `killAfter` saves. */
function runAndKill(writer: string, file: string, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acknowledged = 0;
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      acknowledged += chunk.split('\n').filter((line) => line.startsWith('saved ')).length;
      if (acknowledged >= killAfter) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`writer exited without being killed: ${stderr}`));
    });
  });
}
