import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Simulator } from '../src/index.js';
import {
  cookie,
  form,
  login,
  manualClock,
  ROOT_PASSWORD,
  simulator,
  tokenHeader,
} from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  vi.useRealTimers();
  await sim.close();
});

// POST to an endpoint that needs authentication and has no side effect on failure.
function createToken(headers: Record<string, string>, tokenid = 'probe'): Promise<Response> {
  return sim.fetch(`/api2/json/access/users/root@pam/token/${tokenid}`, {
    method: 'POST',
    headers,
  });
}

async function expectAuthRefusal(response: Response, reason: string): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.statusText).toBe(reason);
  expect(await response.text()).toBe('');
}

describe('the auth handler', () => {
  test('no credentials: 401 "No ticket" with an empty body', async () => {
    sim = simulator();
    await expectAuthRefusal(await sim.fetch('/api2/json/nodes'), 'No ticket');
    await expectAuthRefusal(await sim.fetch('/api2/json/nodes/pve1/nosuch'), 'No ticket');
  });

  test('GET /access/domains needs no credentials', async () => {
    sim = simulator();
    const response = await sim.fetch('/api2/json/access/domains');
    const realms = ((await response.json()) as { data: { realm: string }[] }).data;
    expect(realms.map((realm) => realm.realm).sort()).toEqual(['pam', 'pve']);
  });

  test('a TFA half ticket opens nothing', async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    sim.access.enableTotp('alice@pve');
    const half = await login(sim, 'alice@pve', 'alice-pw');
    expect(half.NeedTFA).toBe(1);
    await expectAuthRefusal(
      await sim.fetch('/api2/json/version', { headers: cookie(half.ticket) }),
      'Authentication failed!',
    );
  });

  test('authFailureDelayMs holds every 401 back by that long', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sim = simulator({ authFailureDelayMs: 3000 });
    let settled = false;
    const pending = sim.fetch('/api2/json/nodes').then((response) => {
      settled = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(2999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(401);
  });
});

describe('CSRF protection of ticket requests', () => {
  test('a non-GET with a ticket needs the CSRF token of that login', async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const root = await login(sim, 'root@pam', ROOT_PASSWORD);
    const alice = await login(sim, 'alice@pve', 'alice-pw');

    const refused = 'Permission denied - invalid csrf token';
    await expectAuthRefusal(await createToken(cookie(root.ticket)), refused);
    await expectAuthRefusal(
      await createToken({ ...cookie(root.ticket), CSRFPreventionToken: alice.CSRFPreventionToken }),
      refused,
    );
    await expectAuthRefusal(
      await createToken({ ...cookie(root.ticket), CSRFPreventionToken: 'garbage' }),
      refused,
    );
    const accepted = await createToken({
      ...cookie(root.ticket),
      CSRFPreventionToken: root.CSRFPreventionToken,
    });
    expect(accepted.status).toBe(200);
  });

  test('a CSRF token expires with its ticket, even next to a fresh ticket', async () => {
    const clock = manualClock();
    sim = simulator({ clock: clock.now });
    const old = await login(sim, 'root@pam', ROOT_PASSWORD);
    clock.advance(2 * 3600 * 1000);
    const fresh = await login(sim, 'root@pam', ROOT_PASSWORD);
    await expectAuthRefusal(
      await createToken({ ...cookie(fresh.ticket), CSRFPreventionToken: old.CSRFPreventionToken }),
      'Permission denied - invalid csrf token',
    );
  });

  test('API tokens need no CSRF token', async () => {
    sim = simulator();
    const token = await sim.access.createToken('root@pam', 'ci', { privsep: false });
    expect((await createToken(tokenHeader(token.tokenId, token.secret))).status).toBe(200);
  });
});

describe('API tokens', () => {
  test('both separators of the Authorization header are accepted', async () => {
    sim = simulator();
    const token = await sim.access.createToken('root@pam', 'ci');
    for (const separator of ['=', ' ']) {
      const headers = tokenHeader(token.tokenId, token.secret, separator);
      expect((await sim.fetch('/api2/json/version', { headers })).status).toBe(200);
    }
  });

  test('a wrong secret, unknown token, unknown user or malformed value fails', async () => {
    sim = simulator();
    const token = await sim.access.createToken('root@pam', 'ci');
    const values = [
      `${token.tokenId}=00000000-0000-0000-0000-000000000000`,
      `root@pam!other=${token.secret}`,
      `ghost@pve!ci=${token.secret}`,
      `root@pam=${token.secret}`,
      `${token.tokenId}:${token.secret}`,
    ];
    for (const value of values) {
      const headers = { authorization: `PVEAPIToken=${value}` };
      await expectAuthRefusal(
        await sim.fetch('/api2/json/version', { headers }),
        'Authentication failed!',
      );
    }
  });

  test('an expired token, a disabled or expired owner fails; checked on every request', async () => {
    const clock = manualClock();
    sim = simulator({ clock: clock.now });
    const expire = clock.now() / 1000 + 600;
    const token = await sim.access.createToken('root@pam', 'short', { expire });
    sim.access.addUser({ userid: 'bob@pve', password: 'bob-pw' });
    const bobs = await sim.access.createToken('bob@pve', 'ci');
    const version = (headers: Record<string, string>) =>
      sim.fetch('/api2/json/version', { headers });

    expect((await version(tokenHeader(token.tokenId, token.secret))).status).toBe(200);
    clock.advance(600_000);
    await expectAuthRefusal(
      await version(tokenHeader(token.tokenId, token.secret)),
      'Authentication failed!',
    );

    expect((await version(tokenHeader(bobs.tokenId, bobs.secret))).status).toBe(200);
    sim.access.addUser({ userid: 'bob@pve', enable: false });
    expect((await version(tokenHeader(bobs.tokenId, bobs.secret))).status).toBe(401);
    sim.access.addUser({ userid: 'bob@pve', enable: true, expire: clock.now() / 1000 - 1 });
    expect((await version(tokenHeader(bobs.tokenId, bobs.secret))).status).toBe(401);
  });

  test('the five ticket-only endpoints refuse tokens with 403 and the exact status line', async () => {
    sim = simulator();
    const token = await sim.access.createToken('root@pam', 'ci', { privsep: false });
    const headers = tokenHeader(token.tokenId, token.secret);
    const calls: [string, string][] = [
      ['POST', '/access/ticket'],
      ['PUT', '/access/password'],
      ['POST', '/access/tfa/root@pam'],
      ['PUT', '/access/tfa/root@pam/totp1'],
      ['DELETE', '/access/tfa/root@pam/totp1'],
    ];
    for (const [method, path] of calls) {
      const response = await sim.fetch(`/api2/json${path}`, { method, headers });
      expect(response.status).toBe(403);
      expect(response.statusText).toBe(
        `Permission check failed (URI '${path}' not available with API token, need proper ticket.`,
      );
      expect(((await response.json()) as { message: string }).message).toBe(
        `Permission check failed (URI '${path}' not available with API token, need proper ticket.\n)\n`,
      );
    }
  });
});

describe('which credential wins', () => {
  test('the cookie wins over an Authorization ticket and over a token', async () => {
    sim = simulator();
    const session = await login(sim, 'root@pam', ROOT_PASSWORD);
    const token = await sim.access.createToken('root@pam', 'ci');
    const stale = 'PVE:root@pam:00000000::AAAA';

    const cookieOverToken = await sim.fetch('/api2/json/version', {
      headers: { ...cookie(stale), ...tokenHeader(token.tokenId, token.secret) },
    });
    await expectAuthRefusal(cookieOverToken, 'Authentication failed!');

    const cookieOverHeader = await sim.fetch('/api2/json/version', {
      headers: { ...cookie(session.ticket), authorization: `PVEAuthCookie=${stale}` },
    });
    expect(cookieOverHeader.status).toBe(200);
  });

  test('an Authorization ticket is used when there is no cookie', async () => {
    sim = simulator();
    const session = await login(sim, 'root@pam', ROOT_PASSWORD);
    const headers = { authorization: `PVEAuthCookie=${encodeURIComponent(session.ticket)}` };
    expect((await sim.fetch('/api2/json/version', { headers })).status).toBe(200);
  });

  test('a valid cookie next to a token still needs CSRF on a POST', async () => {
    sim = simulator();
    const session = await login(sim, 'root@pam', ROOT_PASSWORD);
    const token = await sim.access.createToken('root@pam', 'ci', { privsep: false });
    const response = await createToken({
      ...cookie(session.ticket),
      ...tokenHeader(token.tokenId, token.secret),
    });
    await expectAuthRefusal(response, 'Permission denied - invalid csrf token');
  });

  test('a ticket login is not refused as a token just because it sent the form', async () => {
    sim = simulator();
    const response = await sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      headers: cookie('PVE:root@pam:00000000::AAAA'),
      body: form({ username: 'root@pam', password: ROOT_PASSWORD }),
    });
    expect(response.status).toBe(200);
  });
});
