import { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/main.js';
import { type CliWorld, cli, cliWorld, ROOT_PASSWORD } from './helpers/cli.js';

let world: CliWorld;
beforeAll(async () => {
  world = await cliWorld();
});
afterAll(() => world.close());

const ticketPosts = () =>
  world.sim.simulator.requests.filter(
    (request) => request.method === 'POST' && request.path === '/api2/json/access/ticket',
  ).length;

function cacheFiles(): string[] {
  const dir = path.join(world.home, 'cache', 'pvekit');
  try {
    return readdirSync(dir).map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

describe('API token', () => {
  it('authenticates with --token-id and the secret from PVEKIT_TOKEN_SECRET', async () => {
    const token = await world.sim.simulator.access.createToken('root@pam', 'cli', {
      privsep: false,
    });
    const env = world.env({ PVEKIT_TOKEN_SECRET: token.secret });

    const result = await cli(['get', '/version', '--token-id', token.tokenId], env);

    expect(result.code).toBe(0);
    const last = world.sim.simulator.requests.at(-1);
    expect(last?.headers.authorization).toBe(`PVEAPIToken=${token.tokenId}=${token.secret}`);
  });

  it('without PVEKIT_TOKEN_SECRET is a usage error naming the variable', async () => {
    const result = await cli(['get', '/version', '--token-id', 'root@pam!cli'], world.env());

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no secret for token root@pam!cli');
    expect(result.stderr).toContain('PVEKIT_TOKEN_SECRET');
  });

  it('no credentials at all, or no node, are usage errors with a hint', async () => {
    const none = await cli(['get', '/version'], world.env());
    const nowhere = await cli(['get', '/version', '--user', 'root@pam'], world.bare());

    expect(none).toMatchObject({ code: 2 });
    expect(none.stderr).toMatch(/^error: no credentials\nhint: pass --token-id/);
    expect(nowhere).toMatchObject({ code: 2 });
    expect(nowhere.stderr).toContain('no node to talk to');
  });
});

describe('login, the ticket cache and logout', () => {
  beforeEach(async () => {
    await cli(['logout', '--all'], world.env());
  });

  it('login keeps the ticket in a 0600 file, used later without a password', async () => {
    const login = await cli(
      ['login', '--user', 'root@pam'],
      world.env({ PVEKIT_PASSWORD: ROOT_PASSWORD }),
    );
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(/^logged in to https:\/\/.* as root@pam; ticket kept until /);

    const [file, ...others] = cacheFiles();
    expect(others).toEqual([]);
    expect(statSync(file as string).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file as string)).mode & 0o777).toBe(0o700);
    const cached = JSON.parse(readFileSync(file as string, 'utf8'));
    expect(cached).toMatchObject({ username: 'root@pam', baseUrl: world.sim.url });

    const postsBefore = ticketPosts();
    const later = await cli(['get', '/version', '--user', 'root@pam'], world.env());
    expect(later.code).toBe(0);
    expect(ticketPosts()).toBe(postsBefore);
    const cookie = world.sim.simulator.requests.at(-1)?.headers.cookie;
    expect(cookie).toBe(`PVEAuthCookie=${encodeURIComponent(cached.ticket)}`);
  });

  it('logout removes the ticket; then a command without a password says what to do', async () => {
    const env = world.env({ PVEKIT_USER: 'root@pam' });
    await cli(['login'], { ...env, PVEKIT_PASSWORD: ROOT_PASSWORD });

    const logout = await cli(['logout'], env);
    const after = await cli(['get', '/version'], env);

    expect(logout).toMatchObject({ code: 0 });
    expect(logout.stderr).toContain('removed the cached ticket of root@pam');
    expect(cacheFiles()).toEqual([]);
    expect(after.code).toBe(2);
    expect(after.stderr).toContain('no password for root@pam and no cached ticket');
    expect(after.stderr).toContain('pvekit login');
  });

  it('an expired cached ticket: a clear message, or a fresh login with a password', async () => {
    const env = world.env({ PVEKIT_USER: 'root@pam' });
    await cli(['login'], { ...env, PVEKIT_PASSWORD: ROOT_PASSWORD });
    const file = cacheFiles()[0] as string;
    const stale = JSON.parse(readFileSync(file, 'utf8'));
    const threeHoursAgo = Date.now() - 3 * 3600 * 1000;
    writeFileSync(file, JSON.stringify({ ...stale, createdAt: threeHoursAgo }));

    const refused = await cli(['get', '/version'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the cached ticket of root@pam expired at \d{4}-/);

    const renewed = await cli(['get', '/version'], { ...env, PVEKIT_PASSWORD: ROOT_PASSWORD });
    expect(renewed.code).toBe(0);
    const fresh = JSON.parse(readFileSync(file, 'utf8'));
    expect(fresh.createdAt).toBeGreaterThan(threeHoursAgo);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('login asks for the password on a terminal and does not echo it', async () => {
    const stdin = fakeTerminal(`${ROOT_PASSWORD}\r`);

    const result = await cli(['login', '--user', 'root@pam'], world.env(), stdin);

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^password for root@pam: \nlogged in/);
    expect(result.stderr).not.toContain(ROOT_PASSWORD);
    expect(stdin.rawModes).toEqual([true, false]);
  });
});

describe('password and second factor', () => {
  it('a command run with a password alone leaves no ticket behind', async () => {
    await cli(['logout', '--all'], world.env());
    const env = world.env({ PVEKIT_USER: 'root@pam', PVEKIT_PASSWORD: ROOT_PASSWORD });

    const result = await cli(['get', '/version'], env);

    expect(result.code).toBe(0);
    expect(cacheFiles()).toEqual([]);
  });

  it('a user with TOTP is told to pass --otp, and gets in with it', async () => {
    const access = world.sim.simulator.access;
    access.addUser({ userid: 'tfa@pve', password: 'tfa-Passw0rd-77' });
    access.enableTotp('tfa@pve');
    const env = world.env({ PVEKIT_USER: 'tfa@pve', PVEKIT_PASSWORD: 'tfa-Passw0rd-77' });

    const without = await cli(['get', '/version'], env);
    const withCode = await cli(['get', '/version', '--otp', access.totpCode('tfa@pve')], env);

    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/^hint: pass the second factor with --otp/m);
    expect(withCode.code).toBe(0);
  });
});

describe('profiles', () => {
  function writeConfig(config: unknown): void {
    const dir = path.join(world.home, 'config', 'pvekit');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  }
  const envWithConfig = (extra: Record<string, string> = {}) =>
    world.bare({ XDG_CONFIG_HOME: path.join(world.home, 'config'), ...extra });

  it('--profile supplies the node, its fingerprint and the user', async () => {
    const lab = { url: world.sim.url, fingerprint: world.sim.fingerprint, user: 'root@pam' };
    writeConfig({ profiles: { lab } });

    const result = await cli(
      ['get', '/version', '--profile', 'lab'],
      envWithConfig({ PVEKIT_PASSWORD: ROOT_PASSWORD }),
    );

    expect(result.code).toBe(0);
  });

  it('refuses a secret in a profile, and names the profiles there for an unknown one', async () => {
    writeConfig({ profiles: { lab: { url: world.sim.url, password: 'x' } } });
    const secret = await cli(['get', '/version', '--profile', 'lab'], envWithConfig());
    const unknown = await cli(['get', '/version', '--profile', 'prod'], envWithConfig());

    expect(secret.code).toBe(2);
    expect(secret.stderr).toContain("holds 'password'; secrets stay out of the config file");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no profile 'prod'");
    expect(unknown.stderr).toContain('profiles there: lab');
  });
});

describe('TLS options', () => {
  it('--insecure connects to an unpinned node and warns on stderr', async () => {
    const env = world.env({ PVEKIT_USER: 'root@pam', PVEKIT_PASSWORD: ROOT_PASSWORD });
    const { PVEKIT_FINGERPRINT: _pinned, ...unpinned } = env;

    const refused = await cli(['get', '/version'], unpinned);
    const insecure = await cli(['get', '/version', '--insecure'], unpinned);

    expect(refused.code).toBe(1);
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toMatch(/^warning: --insecure: the node's certificate is not checked/);
    expect(insecure.stderr.split('\n')).toHaveLength(2);
  });

  it('a wrong --fingerprint fails with a hint; an unreadable --ca is a usage error', async () => {
    const env = world.env({ PVEKIT_USER: 'root@pam', PVEKIT_PASSWORD: ROOT_PASSWORD });
    const wrong = '00'.repeat(32);
    const pinned = await cli(['get', '/version', '--fingerprint', wrong], env);
    const ca = await cli(['get', '/version', '--ca', path.join(world.home, 'missing.pem')], env);

    expect(pinned.code).toBe(1);
    expect(pinned.stderr).toMatch(/hint: pin the node with --fingerprint/);
    expect(ca.code).toBe(2);
    expect(ca.stderr).toContain("cannot read the CA file '");
  });
});

type FakeTerminal = CliIo['stdin'] & { readonly rawModes: boolean[] };

/** A terminal stdin that types `keys` once it is read from. */
function fakeTerminal(keys: string): FakeTerminal {
  const emitter = new EventEmitter();
  const rawModes: boolean[] = [];
  return {
    isTTY: true,
    rawModes,
    setRawMode: (raw: boolean) => rawModes.push(raw),
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),
    resume: () => queueMicrotask(() => emitter.emit('data', Buffer.from(keys))),
    pause: () => undefined,
  };
}
