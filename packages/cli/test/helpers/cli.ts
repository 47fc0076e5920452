import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningSimulator, startSimulator } from '@pvekit/simulator';
import { type CliIo, run } from '../../src/main.js';

export const ROOT_PASSWORD = 'cli-Root-Passw0rd-7f3a';

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stdin that is not a terminal: nothing can be prompted for. */
export function pipedStdin(): CliIo['stdin'] {
  const emitter = new EventEmitter();
  return {
    isTTY: false,
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),
    resume: () => undefined,
    pause: () => undefined,
  };
}

/** Runs one command line in-process and captures what it printed. */
export async function cli(
  args: readonly string[],
  env: Record<string, string | undefined>,
  stdin: CliIo['stdin'] = pipedStdin(),
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    stdin,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** A simulator on a real TLS socket, and a private HOME for config and ticket cache. */
export async function cliWorld() {
  const sim = await startSimulator({ port: 0, rootPassword: ROOT_PASSWORD });
  const home = mkdtempSync(path.join(tmpdir(), 'pvekit-cli-'));
  const node = { PVEKIT_URL: sim.url, PVEKIT_FINGERPRINT: sim.fingerprint };
  const base = { HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), NO_COLOR: '1' };
  return {
    sim,
    home,
    /** Environment with the node, a private HOME, and what the test adds. */
    env: (extra: Record<string, string> = {}) => ({ ...base, ...node, ...extra }),
    bare: (extra: Record<string, string> = {}) => ({ ...base, ...extra }),
    async close() {
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export type CliWorld = Awaited<ReturnType<typeof cliWorld>>;
export type { RunningSimulator };
