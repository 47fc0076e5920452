import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { coverage } from '@pvekit/simulator';
import { Command } from 'commander';
import { afterEach, describe, expect, test } from 'vitest';
import { registerSim } from '../src/commands/sim.js';
import type { CliIo } from '../src/main.js';
import { cli, pipedStdin } from './helpers/cli.js';

/** One `pvekit sim` run in this process, stopped by the test instead of a signal. */
interface SimRun {
  readonly url: string;
  readonly stdout: () => string;
  stop(): Promise<void>;
}

const running: SimRun[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((run) => run.stop()));
});

async function startSim(args: string[], env: Record<string, string> = {}): Promise<SimRun> {
  let stdout = '';
  let stderr = '';
  let printed: () => void = () => undefined;
  const bannerDone = new Promise<void>((resolve) => {
    printed = resolve;
  });
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        stdout += text;
        if (/^password: /m.test(stdout)) printed();
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', ...env },
    stdin: pipedStdin(),
  };
  let stop: (reason: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const program = new Command('pvekit').exitOverride();
  registerSim(program, io, () => stopped);
  const done = program.parseAsync(['sim', '--port', '0', ...args], { from: 'user' });
  await Promise.race([bannerDone, done.then(() => Promise.reject(new Error(stderr)))]);
  const run: SimRun = {
    url: /listening on (\S+)/.exec(stdout)?.[1] ?? '',
    stdout: () => stdout,
    async stop() {
      stop('test');
      await done;
    },
  };
  running.push(run);
  return run;
}

async function ticket(url: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api2/json/access/ticket`, {
    method: 'POST',
    body: new URLSearchParams({ username: 'root@pam', password }),
  });
  expect(response.status).toBe(200);
  const { data } = (await response.json()) as {
    data: { ticket: string; CSRFPreventionToken: string };
  };
  return {
    cookie: `PVEAuthCookie=${encodeURIComponent(data.ticket)}`,
    CSRFPreventionToken: data.CSRFPreventionToken,
  };
}

async function getData<T>(url: string, apiPath: string, headers: Record<string, string>) {
  const response = await fetch(`${url}/api2/json${apiPath}`, { headers });
  return { status: response.status, data: ((await response.json()) as { data: T }).data };
}

describe('pvekit sim in-process', () => {
  test('takes the root password from the environment and does not print it', async () => {
    const run = await startSim(['--http'], { PVEKIT_SIM_ROOT_PASSWORD: 'from-env-secret' });
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.stdout()).not.toContain('from-env-secret');
    expect(run.stdout()).toContain('password: (as given)');
    await ticket(run.url, 'from-env-secret');
    await run.stop();
    expect(run.stdout()).toContain('stopped (test)');
  });

  test('--seed demo serves the demo guests, pool and container template', async () => {
    const run = await startSim(['--http', '--seed', 'demo', '--root-password', 'pw']);
    expect(run.stdout()).toContain('seed: demo');
    const auth = await ticket(run.url, 'pw');
    const guests = await getData<{ vmid: number; status: string; template: number }[]>(
      run.url,
      '/cluster/resources?type=vm',
      auth,
    );
    const running = guests.data.filter((guest) => guest.status === 'running');
    expect(guests.data.length).toBeGreaterThanOrEqual(5);
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(guests.data.some((guest) => guest.template === 1)).toBe(true);
    const pool = await getData<{ members: unknown[] }>(run.url, '/pools/demo', auth);
    expect(pool.data.members.length).toBeGreaterThanOrEqual(3);
    const content = await getData<{ volid: string }[]>(
      run.url,
      '/nodes/pve1/storage/local/content',
      auth,
    );
    const volids = content.data.map((volume) => volume.volid);
    expect(volids).toContain('local:iso/alpine-virt-3.21.2-x86_64.iso');
    expect(volids.some((volid) => volid.startsWith('local:vztmpl/'))).toBe(true);
  });

  test('--fault, --latency and --auth-delay switch faults on and list them', async () => {
    const run = await startSim([
      '--http',
      '--root-password',
      'pw',
      '--fault',
      'status=596,path=/version,times=1',
      '--fault',
      'lock,path=/nodes/**',
      '--latency',
      '1-5',
      '--auth-delay',
      '20',
    ]);
    expect(run.stdout()).toContain('fault: status,status=596,path=/version,times=1');
    expect(run.stdout()).toContain('fault: delay,ms=1-5');
    expect(run.stdout()).toContain('delay before each 401: 20 ms');
    const auth = await ticket(run.url, 'pw');
    const first = await fetch(`${run.url}/api2/json/version`, { headers: auth });
    expect(first.status).toBe(596);
    expect(first.statusText).toMatch(/^Errors during TLS negotiation/);
    expect((await fetch(`${run.url}/api2/json/version`, { headers: auth })).status).toBe(200);
    const locked = await fetch(`${run.url}/api2/json/nodes/pve1/qemu/100/status/start`, {
      method: 'POST',
      headers: auth,
    });
    expect(locked.statusText).toBe(
      "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout",
    );
    const started = Date.now();
    const refused = await fetch(`${run.url}/api2/json/version`);
    expect(refused.status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(19);
  });

  test('--state keeps guests across runs', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'pvekit-sim-cli-'));
    const stateFile = path.join(directory, 'cluster.json');
    try {
      const first = await startSim(['--http', '--seed', 'demo', '--state', stateFile], {
        PVEKIT_SIM_ROOT_PASSWORD: 'pw',
      });
      await first.stop();
      const second = await startSim(['--http', '--state', stateFile], {
        PVEKIT_SIM_ROOT_PASSWORD: 'pw',
      });
      const config = await getData<{ name: string }>(
        second.url,
        '/nodes/pve1/qemu/100/config',
        await ticket(second.url, 'pw'),
      );
      expect(config.data.name).toBe('web01');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('worker tasks take realistic time by default; --task-time instant ends them at once', async () => {
    const statusAfterStart = async (args: string[]) => {
      const run = await startSim(['--http', '--seed', 'demo', ...args], {
        PVEKIT_SIM_ROOT_PASSWORD: 'pw',
      });
      const headers = await ticket(run.url, 'pw');
      const response = await fetch(`${run.url}/api2/json/nodes/pve1/qemu/100/snapshot`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'snapname=before',
      });
      const { data: upid } = (await response.json()) as { data: string };
      const status = await getData<{ status: string }>(
        run.url,
        `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`,
        headers,
      );
      await run.stop();
      return status.data.status;
    };
    expect(await statusAfterStart([])).toBe('running');
    expect(await statusAfterStart(['--task-time', 'instant'])).toBe('stopped');
  });

  test('bad option values are usage errors with exit code 2 that say what to give', async () => {
    const usage = async (args: string[]) => cli(['sim', ...args], { NO_COLOR: '1' });
    const cases: [string[], string][] = [
      [
        ['--port', 'eighty'],
        "--port must be an integer 0-65535 (0 picks a free port), got 'eighty'",
      ],
      [['--nodes', '0'], "--nodes must be an integer 1-32, got '0'"],
      [['--seed', 'prod'], "--seed knows only 'demo', got 'prod'"],
      [['--http', '--host', '0.0.0.0'], 'only on a loopback host (127.0.0.1, ::1, localhost)'],
      [['--latency', '9-1'], "--latency takes milliseconds or a range MIN-MAX, got '9-1'"],
      [['--fault', 'smoke'], "unknown kind 'smoke'; kinds: drop, delay, auth-delay, status, lock"],
      [['--fault', 'status=596,rate=2'], 'rate must be a number 0..1'],
      [['--auth-delay', 'long'], '--auth-delay must be an integer 0-600000'],
      [['--task-time', 'slow'], "--task-time takes 'realistic', 'instant' or TYPE=MS pairs"],
    ];
    for (const [args, message] of cases) {
      const result = await usage(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });

  test('--coverage prints the modelled-endpoint table from coverage() and exits', async () => {
    const printed = await cli(['sim', '--coverage'], { NO_COLOR: '1' });
    expect(printed.code).toBe(0);
    const modelled = coverage();
    const keys = Object.keys(modelled);
    const yes = keys.filter((key) => modelled[key]);
    expect(printed.stdout).toContain(`${yes.length} of ${keys.length} endpoints`);
    const rows = printed.stdout.split('\n').filter((line) => /^(yes|no) +[A-Z]+ \//.test(line));
    expect(rows).toHaveLength(keys.length);
    expect(rows).toContain(`yes       GET /version`);
    const unmodelled = keys.find((key) => !modelled[key]);
    if (unmodelled !== undefined) expect(rows).toContain(`no        ${unmodelled}`);
  });

  test('--help documents the fault grammar and the switches', async () => {
    const help = await cli(['sim', '--help'], { NO_COLOR: '1' });
    expect(help.code).toBe(0);
    for (const word of [
      '--seed',
      '--latency',
      '--auth-delay',
      '--fault <spec>',
      '--http',
      '--coverage',
    ]) {
      expect(help.stdout).toContain(word);
    }
    expect(help.stdout).toContain('status=596,path=/nodes/*/qemu/**');
    for (const form of ['delay=MS or MIN-MAX', 'auth-delay[=MS]', 'status=CODE', 'upid[=READS]']) {
      expect(help.stdout).toContain(form);
    }
    expect(help.stdout).not.toContain('(default: [])');
  });
});
