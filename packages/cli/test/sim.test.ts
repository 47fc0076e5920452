import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = 'packages/cli/src/bin.ts';

let child: ChildProcess | undefined;
afterEach(() => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  const { PVEKIT_SIM_ROOT_PASSWORD: _ignored, ...inherited } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', '--conditions=source', bin, 'sim', ...args], {
    cwd: repoRoot,
    env: { ...inherited, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// The one long-running simulator a test starts; afterEach kills it if the test did not.
function startCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  child = spawnCli(args, env);
  return child;
}

/** Collects stdout until the password line, the last of the banner, has been printed. */
interface Banner {
  url: string;
  fingerprint: string;
  username: string;
  password: string;
}

function banner(process: ChildProcess): Promise<Banner> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdout?.setEncoding('utf8');
    process.stdout?.on('data', (chunk: string) => {
      text += chunk;
      if (!/^password: .+$/m.test(text)) return;
      resolve({
        url: /listening on (\S+)/.exec(text)?.[1] ?? '',
        fingerprint: /fingerprint \(SHA-256\): (\S+)/.exec(text)?.[1] ?? '',
        username: /^username: (\S+)$/m.exec(text)?.[1] ?? '',
        password: /^password: (.+)$/m.exec(text)?.[1] ?? '',
      });
    });
    process.once('exit', (code) => reject(new Error(`pvekit sim exited early (${code}): ${text}`)));
  });
}

function exitCode(process: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => process.once('exit', (code) => resolve(code)));
}

function output(stream: NodeJS.ReadableStream | null): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      text += chunk;
    });
    stream?.on('end', () => resolve(text));
  });
}

// The certificate the listener presents, without trusting it: the fingerprint is the trust.
function servedFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: hostname, port: Number(port), rejectUnauthorized: false },
      () => {
        resolve(socket.getPeerCertificate().fingerprint256);
        socket.end();
      },
    );
    socket.on('error', reject);
  });
}

// Trusting the unknown certificate is fine here: the test compared its fingerprint first.
function login(url: string, username: string, password: string): Promise<number> {
  const body = new URLSearchParams({ username, password }).toString();
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      new URL('/api2/json/access/ticket', url),
      {
        method: 'POST',
        rejectUnauthorized: false,
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

interface Session {
  readonly ticket: string;
  readonly csrf: string;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

function request(
  url: string,
  method: string,
  apiPath: string,
  session?: Session,
  params?: Record<string, string>,
): Promise<Answer> {
  const body = params === undefined ? undefined : new URLSearchParams(params).toString();
  const headers: Record<string, string | number> = {};
  if (session !== undefined) {
    headers.cookie = `PVEAuthCookie=${encodeURIComponent(session.ticket)}`;
    headers.CSRFPreventionToken = session.csrf;
  }
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(
      new URL(apiPath, url),
      { method, headers, rejectUnauthorized: false, agent: false },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function ticketOf(url: string, password: string): Promise<Session> {
  const answer = await request(url, 'POST', '/api2/json/access/ticket', undefined, {
    username: 'root@pam',
    password,
  });
  const { data } = JSON.parse(answer.body) as {
    data: { ticket: string; CSRFPreventionToken: string };
  };
  return { ticket: data.ticket, csrf: data.CSRFPreventionToken };
}

// Polls without pausing: the worker ends within a few requests' time.
async function waitForTask(url: string, session: Session, upid: string): Promise<string> {
  const statusPath = `/api2/json/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`;
  for (let attempt = 0; attempt < 200; attempt++) {
    const answer = await request(url, 'GET', statusPath, session);
    const { data } = JSON.parse(answer.body) as { data: { status: string; exitstatus?: string } };
    if (data.status === 'stopped') return data.exitstatus ?? '';
  }
  throw new Error(`task ${upid} did not finish`);
}

describe('pvekit sim', () => {
  test('prints URL, fingerprint and a generated password, serves, and stops on SIGTERM', async () => {
    const cli = startCli(['--port', '0']);
    const printed = await banner(cli);
    expect(printed.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.url).not.toMatch(/:0$/);
    expect(printed.username).toBe('root@pam');
    expect(printed.password.length).toBeGreaterThanOrEqual(12);

    expect(await servedFingerprint(printed.url)).toBe(printed.fingerprint);
    expect(await login(printed.url, 'root@pam', printed.password)).toBe(200);
    expect(await login(printed.url, 'root@pam', 'wrong')).toBe(401);

    const exited = exitCode(cli);
    cli.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  test('takes the root password from the option or the environment and does not print it', async () => {
    const cli = startCli(['--port', '0'], { PVEKIT_SIM_ROOT_PASSWORD: 'from-env-secret' });
    const printed = await banner(cli);
    expect(printed.password).not.toContain('from-env-secret');
    expect(await login(printed.url, 'root@pam', 'from-env-secret')).toBe(200);
    const exited = exitCode(cli);
    cli.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  test('bad option values are usage errors with exit code 2', async () => {
    // Both processes start at once; each check waits only for its own.
    const usage = async (args: string[]) => {
      const cli = spawnCli(args);
      const [stderr, code] = await Promise.all([output(cli.stderr), exitCode(cli)]);
      return { stderr, code };
    };
    const [port, nodes] = await Promise.all([
      usage(['--port', 'eighty']),
      usage(['--port', '0', '--nodes', '0']),
    ]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain(
      "--port must be an integer 0-65535 (0 picks a free port), got 'eighty'",
    );
    expect(nodes.code).toBe(2);
    expect(nodes.stderr).toContain("--nodes must be an integer 1-32, got '0'");
  });

  test('--state keeps guests across runs', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'pvekit-sim-cli-'));
    const stateFile = path.join(directory, 'cluster.json');
    try {
      const first = startCli(['--port', '0', '--state', stateFile], {
        PVEKIT_SIM_ROOT_PASSWORD: 'pw',
      });
      const printed = await banner(first);
      const ticket = await ticketOf(printed.url, 'pw');
      const created = await request(printed.url, 'POST', '/api2/json/nodes/pve1/qemu', ticket, {
        vmid: '100',
        name: 'survivor',
      });
      expect(created.status).toBe(200);
      const upid = (JSON.parse(created.body) as { data: string }).data;
      expect(await waitForTask(printed.url, ticket, upid)).toBe('OK');
      const firstExit = exitCode(first);
      first.kill('SIGTERM');
      expect(await firstExit).toBe(0);

      const second = startCli(['--port', '0', '--state', stateFile], {
        PVEKIT_SIM_ROOT_PASSWORD: 'pw',
      });
      const again = await banner(second);
      const config = await request(
        again.url,
        'GET',
        '/api2/json/nodes/pve1/qemu/100/config',
        await ticketOf(again.url, 'pw'),
      );
      expect(JSON.parse(config.body).data.name).toBe('survivor');
      const secondExit = exitCode(second);
      second.kill('SIGTERM');
      expect(await secondExit).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
