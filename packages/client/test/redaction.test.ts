import type { SimulatorListener } from '@pvekit/simulator';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthOptions, ProxmoxClient } from '../src/index.js';
import { ManualClock } from './helpers/clock.js';
import { capturingLogger, ROOT_PASSWORD, simulator } from './helpers/simulator.js';

const ALICE = { userid: 'alice@pve', password: 'alice-Secret-Passw0rd' };

/** Everything an error shows: message, stack, JSON form, and the same for every cause. */
function everything(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 6; depth += 1) {
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '', JSON.stringify(current), String(current));
      current = current.cause;
    } else {
      parts.push(String(current), JSON.stringify(current) ?? '');
      current = undefined;
    }
  }
  return parts.join('\n');
}

describe('secrets never leave through logs or errors', () => {
  const clock = new ManualClock({ autoBelow: 10_000 });
  const sim = simulator({ clock: () => clock.now() });
  const logger = capturingLogger();
  const errors: unknown[] = [];
  const secrets: string[] = [ROOT_PASSWORD, ALICE.password];
  let server: SimulatorListener;
  const clients: ProxmoxClient[] = [];

  function client(auth: AuthOptions) {
    const created = new ProxmoxClient({
      baseUrl: server.url,
      tls: { fingerprint: server.fingerprint },
      auth,
      clock,
      logger,
      logLevel: 'debug',
      retry: { retries: 1, baseDelay: 10, maxDelay: 10 },
    });
    clients.push(created);
    return created;
  }
  async function provoke(request: Promise<unknown>): Promise<void> {
    errors.push(await request.then(() => new Error('expected a failure')).catch((e: unknown) => e));
  }

  beforeAll(async () => {
    server = await sim.listen();
    sim.access.addUser(ALICE);
    const totpSecret = sim.access.enableTotp(ALICE.userid);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) });
    const token = await sim.access.createToken('root@pam', 'leak', { privsep: false });
    secrets.push(token.secret);

    // Token: success, a 400, a 501, a dropped connection, a token refused on a ticket-only path.
    const viaToken = client(token);
    await viaToken.get('/version');
    await provoke(
      viaToken.post('/access/users/{userid}/token/{tokenid}', { userid: 'root@pam', tokenid: '1' }),
    );
    await provoke(viaToken.get('/nodes/pve1/nothing'));
    sim.faults.add({ kind: 'drop', path: '/nodes', times: 2 });
    await provoke(viaToken.get('/nodes'));
    await provoke(
      viaToken.put('/access/password', { userid: 'root@pam', password: ROOT_PASSWORD }),
    );

    // Ticket: login, writes with CSRF, renewal, a server that echoes the password back.
    const root = client({ username: 'root@pam', password: ROOT_PASSWORD });
    await root.post('/access/users/{userid}/token/{tokenid}', {
      userid: 'root@pam',
      tokenid: 'ok',
    });
    const firstTicket = root.credentials;
    clock.advance(3600_000 + 1_000);
    await root.get('/version');
    sim.faults.add({
      kind: 'status',
      status: 500,
      message: `bad password '${ROOT_PASSWORD}'`,
      times: 1,
    });
    await provoke(root.get('/version'));
    await provoke(client({ username: 'root@pam', password: `${ROOT_PASSWORD}-wrong` }).login());
    secrets.push(`${ROOT_PASSWORD}-wrong`);

    // TFA: a wrong code, then a right one.
    const code = totp.generate({ timestamp: clock.now() });
    const wrongCode = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    await provoke(
      client({ username: ALICE.userid, password: ALICE.password, otp: wrongCode }).login(),
    );
    const alice = client({ username: ALICE.userid, password: ALICE.password, otp: code });
    await alice.put('/access/password', { userid: ALICE.userid, password: ALICE.password });

    for (const credentials of [firstTicket, root.credentials, alice.credentials]) {
      if (credentials === undefined) throw new Error('a login did not happen');
      secrets.push(credentials.ticket, credentials.csrfToken);
    }
    secrets.push(code, wrongCode);
  });
  afterAll(async () => {
    await Promise.all(clients.map((each) => each.close()));
    await sim.close();
  });

  it('provoked the failures and logged a line per response', () => {
    expect(errors).toHaveLength(7);
    for (const error of errors) expect(error).not.toMatchObject({ message: 'expected a failure' });
    expect(logger.lines.filter((line) => line.startsWith('debug')).length).toBeGreaterThan(12);
  });

  it('no secret appears in any captured log byte or any part of any error', () => {
    const haystack = [...logger.lines, ...errors.map(everything)].join('\n');
    expect(haystack).toContain('[redacted]');
    for (const secret of secrets) {
      expect(haystack).not.toContain(secret);
      expect(haystack).not.toContain(encodeURIComponent(secret));
    }
  });

  it('the log still says what happened: method, path, status, duration, request id', () => {
    const line = logger.lines.find((each) => each.includes('GET /nodes/pve1/nothing 501'));
    expect(line).toMatch(/"requestId":"[0-9a-f]{8}".*"durationMs":\d+/);
    const dropped = logger.lines.filter((each) => each.includes('GET /nodes connection'));
    const ids = dropped.map((each) => /"requestId":"([0-9a-f]{8})"/.exec(each)?.[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1); // both attempts of one call share the id
  });
});
