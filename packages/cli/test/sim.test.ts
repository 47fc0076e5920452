import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
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
});
