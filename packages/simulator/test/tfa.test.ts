import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, test } from 'vitest';
import type { Simulator } from '../src/index.js';
import { cookie, form, login, manualClock, simulator } from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

// What the user's authenticator app shows, computed independently of the simulator.
function authenticatorCode(secret: string, atMs: number): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
  return totp.generate({ timestamp: atMs });
}

function answer(username: string, challenge: string, password: string): Promise<Response> {
  return sim.fetch('/api2/json/access/ticket', {
    method: 'POST',
    body: form({ username, 'tfa-challenge': challenge, password }),
  });
}

describe('two-factor login with TOTP', () => {
  test('the first step returns a half ticket with NeedTFA and no cap', async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    sim.access.enableTotp('alice@pve');
    const half = await login(sim, 'alice@pve', 'alice-pw');

    expect(half.NeedTFA).toBe(1);
    expect(half).not.toHaveProperty('cap');
    expect(half.username).toBe('alice@pve');
    expect(half.ticket).toMatch(/^PVE:!tfa!\S+:[0-9A-F]{8}::\S+$/);
    expect(half.ticket).not.toContain('alice@pve');
    // The GUI decodes the challenge this way (pve-manager LoginWindow.js).
    const challenge = JSON.parse(
      decodeURIComponent((half.ticket.split(':')[1] ?? '').slice('!tfa!'.length)),
    );
    expect(challenge).toEqual({ totp: true });
  });

  test('the right code completes the login with a full ticket', async () => {
    const clock = manualClock();
    sim = simulator({ clock: clock.now });
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const secret = sim.access.enableTotp('alice@pve');
    const half = await login(sim, 'alice@pve', 'alice-pw');

    clock.advance(20_000);
    const code = authenticatorCode(secret, clock.now());
    expect(sim.access.totpCode('alice@pve')).toBe(code);
    const response = await answer('alice@pve', half.ticket, `totp:${code}`);
    expect(response.status).toBe(200);
    const full = ((await response.json()) as { data: Record<string, unknown> }).data;
    expect(full.ticket).toMatch(/^PVE:alice@pve:[0-9A-F]{8}::/);
    expect(full).toHaveProperty('cap');
    expect(full).not.toHaveProperty('NeedTFA');

    const version = await sim.fetch('/api2/json/version', { headers: cookie(String(full.ticket)) });
    expect(version.status).toBe(200);
  });

  test('a wrong code, a stale code, another user or a bare code fails with 401', async () => {
    const clock = manualClock();
    sim = simulator({ clock: clock.now });
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    sim.access.addUser({ userid: 'bob@pve', password: 'bob-pw' });
    const secret = sim.access.enableTotp('alice@pve');
    sim.access.enableTotp('bob@pve');
    const half = await login(sim, 'alice@pve', 'alice-pw');
    const code = authenticatorCode(secret, clock.now());
    const wrong = code === '000000' ? '111111' : '000000';
    const stale = authenticatorCode(secret, clock.now() - 5 * 60_000);

    const attempts: [string, string][] = [
      ['alice@pve', `totp:${wrong}`],
      ['alice@pve', `totp:${stale}`],
      ['alice@pve', code],
      ['alice@pve', `recovery:${code}`],
      ['bob@pve', `totp:${code}`],
    ];
    for (const [username, password] of attempts) {
      const response = await answer(username, half.ticket, password);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ data: null, message: 'authentication failure\n' });
    }
    expect((await answer('alice@pve', half.ticket, `totp:${code}`)).status).toBe(200);
  });

  test('a half ticket expires like any ticket', async () => {
    const clock = manualClock();
    sim = simulator({ clock: clock.now });
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const secret = sim.access.enableTotp('alice@pve');
    const half = await login(sim, 'alice@pve', 'alice-pw');
    clock.advance(2 * 3600 * 1000);
    const response = await answer(
      'alice@pve',
      half.ticket,
      `totp:${authenticatorCode(secret, clock.now())}`,
    );
    expect(response.status).toBe(401);
  });

  test('a full ticket of a TFA user renews without a second factor', async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    sim.access.enableTotp('alice@pve');
    const half = await login(sim, 'alice@pve', 'alice-pw');
    const response = await answer(
      'alice@pve',
      half.ticket,
      `totp:${sim.access.totpCode('alice@pve')}`,
    );
    const full = ((await response.json()) as { data: { ticket: string } }).data;
    const renewed = await login(sim, 'alice@pve', full.ticket);
    expect(renewed.NeedTFA).toBeUndefined();
    expect(renewed.cap).toBeDefined();
  });

  test('a recovery key completes the login once; the challenge lists the unused ones', async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    sim.access.enableTotp('alice@pve');
    const keys = sim.access.addRecoveryKeys('alice@pve');
    expect(keys).toHaveLength(10);
    expect(keys[0]).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);

    const challengeOf = (ticket: string) =>
      JSON.parse(decodeURIComponent((ticket.split(':')[1] ?? '').slice('!tfa!'.length)));
    const first = await login(sim, 'alice@pve', 'alice-pw');
    expect(challengeOf(first.ticket)).toEqual({
      totp: true,
      recovery: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    });

    expect((await answer('alice@pve', first.ticket, `recovery:${keys[3]}`)).status).toBe(200);
    expect((await answer('alice@pve', first.ticket, `recovery:${keys[3]}`)).status).toBe(401);
    const second = await login(sim, 'alice@pve', 'alice-pw');
    expect(challengeOf(second.ticket).recovery).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
  });

  test('the second factor may come at once in otp, in type:value form', async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    sim.access.enableTotp('alice@pve');
    const first = (otp: string) =>
      sim.fetch('/api2/json/access/ticket', {
        method: 'POST',
        body: form({ username: 'alice@pve', password: 'alice-pw', otp }),
      });
    const code = sim.access.totpCode('alice@pve');
    const wrong = code === '000000' ? '111111' : '000000';

    const response = await first(`totp:${code}`);
    const full = ((await response.json()) as { data: Record<string, unknown> }).data;
    expect(full.ticket).toMatch(/^PVE:alice@pve:/);
    expect(full).not.toHaveProperty('NeedTFA');
    expect((await first(`totp:${wrong}`)).status).toBe(401);

    const half = await login(sim, 'alice@pve', 'alice-pw');
    const both = await sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      body: form({
        username: 'alice@pve',
        'tfa-challenge': half.ticket,
        password: `totp:${code}`,
        otp: `totp:${code}`,
      }),
    });
    expect(both.status).toBe(401);
  });
});
