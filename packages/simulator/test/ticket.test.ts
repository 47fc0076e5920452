import { createPublicKey, verify } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { generateAuthKeys } from '../src/auth/keys.js';
import { assembleTicket, verifyTicket } from '../src/auth/ticket.js';
import type { Simulator } from '../src/index.js';
import { cookie, form, login, manualClock, ROOT_PASSWORD, simulator } from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

const TICKET_SHAPE = /^PVE:([^:]+):([0-9A-F]{8})::([A-Za-z0-9+/]+={0,2})$/;

async function versionStatus(ticket: string): Promise<{ status: number; text: string }> {
  const response = await sim.fetch('/api2/json/version', { headers: cookie(ticket) });
  return { status: response.status, text: response.statusText };
}

describe('ticket format', () => {
  test('a login answers username, ticket, CSRF token and cap', async () => {
    const clock = manualClock();
    sim = simulator({ clock: clock.now });
    const session = await login(sim, 'root@pam', ROOT_PASSWORD);

    const [, userid, hexTime] = TICKET_SHAPE.exec(session.ticket) ?? [];
    expect(userid).toBe('root@pam');
    expect(Number.parseInt(hexTime ?? '', 16)).toBe(clock.now() / 1000);
    expect(session.CSRFPreventionToken).toMatch(/^[0-9A-F]{8}:[A-Za-z0-9+/]{43}$/);
    expect(session.username).toBe('root@pam');
    expect(session.cap?.vms?.['VM.PowerMgmt']).toBe(1);
    expect(session.cap?.nodes?.['Sys.Audit']).toBe(1);
    expect(session).not.toHaveProperty('NeedTFA');
  });

  test('the signature is RSA-SHA256 over "PVE:<userid>:<HEXTIME>"', async () => {
    const keys = await generateAuthKeys();
    const ticket = assembleTicket(keys, 'alice@pve', 0x6b000000);
    const [, , hexTime, signature] = TICKET_SHAPE.exec(ticket) ?? [];
    expect(hexTime).toBe('6B000000');

    const publicKey = createPublicKey(keys.publicKey.export({ type: 'spki', format: 'pem' }));
    const signed = Buffer.from('PVE:alice@pve:6B000000');
    expect(verify('sha256', signed, publicKey, Buffer.from(signature ?? '', 'base64'))).toBe(true);
    expect(verifyTicket(keys, ticket, 0x6b000000 + 10)).toEqual({
      data: 'alice@pve',
      ageSeconds: 10,
    });
  });

  test('colons in the data are escaped and the associated data is signed but not written', async () => {
    const keys = await generateAuthKeys();
    const ticket = assembleTicket(keys, '!tfa!{"totp":true}', 100, 'alice@pve');
    expect(ticket.startsWith('PVE:!tfa!{"totp"%3Atrue}:00000064::')).toBe(true);
    expect(verifyTicket(keys, ticket, 100, 'alice@pve')?.data).toBe('!tfa!{"totp"%3Atrue}');
    expect(verifyTicket(keys, ticket, 100)).toBeUndefined();
    expect(verifyTicket(keys, ticket, 100, 'bob@pve')).toBeUndefined();
  });
});

describe('ticket verification on requests', () => {
  test('a ticket with a forged user, a broken signature or from another node is refused', async () => {
    sim = simulator();
    const session = await login(sim, 'root@pam', ROOT_PASSWORD);
    const other = simulator();
    const foreign = await login(other, 'root@pam', ROOT_PASSWORD);
    await other.close();

    const forged = session.ticket.replace('PVE:root@pam:', 'PVE:alice@pve:');
    const signature = session.ticket.split('::')[1] ?? '';
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const broken = `${session.ticket.split('::')[0]}::${flipped}`;

    expect(await versionStatus(session.ticket)).toEqual({ status: 200, text: 'OK' });
    for (const bad of [forged, broken, foreign.ticket, 'PVE:garbage']) {
      expect(await versionStatus(bad)).toEqual({ status: 401, text: 'Authentication failed!' });
    }
  });

  test('a ticket lives two hours, and one from up to five minutes in the future is accepted', async () => {
    const clock = manualClock();
    sim = simulator({ clock: clock.now });
    const session = await login(sim, 'root@pam', ROOT_PASSWORD);

    clock.advance(-(4 * 60 + 59) * 1000);
    expect((await versionStatus(session.ticket)).status).toBe(200);
    clock.advance(-2 * 1000);
    expect((await versionStatus(session.ticket)).status).toBe(401);

    clock.advance((5 * 60 + 1) * 1000 + (2 * 3600 - 1) * 1000);
    expect((await versionStatus(session.ticket)).status).toBe(200);
    clock.advance(1000);
    expect(await versionStatus(session.ticket)).toEqual({
      status: 401,
      text: 'Authentication failed!',
    });
  });

  test('a ticket renews by posting it as the password; an expired one does not', async () => {
    const clock = manualClock();
    sim = simulator({ clock: clock.now });
    const first = await login(sim, 'root@pam', ROOT_PASSWORD);

    clock.advance(3600 * 1000);
    const renewed = await login(sim, 'root@pam', first.ticket);
    expect(renewed.ticket).not.toBe(first.ticket);
    expect(renewed.ticket).toContain(`:${(clock.now() / 1000).toString(16).toUpperCase()}::`);

    clock.advance(3600 * 1000);
    expect((await versionStatus(first.ticket)).status).toBe(401);
    expect((await versionStatus(renewed.ticket)).status).toBe(200);
    const late = await sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      body: form({ username: 'root@pam', password: first.ticket }),
    });
    expect(late.status).toBe(401);
    expect(await late.json()).toEqual({ data: null, message: 'authentication failure\n' });
  });

  test("a user's ticket does not renew for someone else; root's does", async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const alice = await login(sim, 'alice@pve', 'alice-pw');
    const root = await login(sim, 'root@pam', ROOT_PASSWORD);

    const stolen = await sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      body: form({ username: 'bob@pve', password: alice.ticket }),
    });
    expect(stolen.status).toBe(401);
    expect((await login(sim, 'alice@pve', root.ticket)).username).toBe('alice@pve');
  });

  test('disabled or expired users can neither log in nor use an earlier ticket', async () => {
    const clock = manualClock();
    sim = simulator({ clock: clock.now });
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const session = await login(sim, 'alice@pve', 'alice-pw');

    sim.access.addUser({ userid: 'alice@pve', enable: false });
    expect((await versionStatus(session.ticket)).status).toBe(401);
    await expect(login(sim, 'alice@pve', 'alice-pw')).rejects.toThrow(/401/);

    sim.access.addUser({ userid: 'alice@pve', enable: true, expire: clock.now() / 1000 + 60 });
    expect((await versionStatus(session.ticket)).status).toBe(200);
    clock.advance(60_000);
    expect((await versionStatus(session.ticket)).status).toBe(401);
  });

  test('wrong passwords and unknown users fail alike, with a JSON body', async () => {
    sim = simulator();
    for (const [username, password] of [
      ['root@pam', 'wrong'],
      ['ghost@pve', 'x'],
    ] as const) {
      const response = await sim.fetch('/api2/json/access/ticket', {
        method: 'POST',
        body: form({ username, password }),
      });
      expect(response.status).toBe(401);
      expect(response.statusText).toBe('authentication failure');
      expect(await response.json()).toEqual({ data: null, message: 'authentication failure\n' });
    }
  });

  test('username plus realm is the same login; missing fields are a 400', async () => {
    sim = simulator();
    const withRealm = await sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      body: form({ username: 'root', realm: 'pam', password: ROOT_PASSWORD }),
    });
    expect(((await withRealm.json()) as { data: { username: string } }).data.username).toBe(
      'root@pam',
    );

    const missing = await sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      body: form({ username: 'root@pam' }),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      data: null,
      message: 'Parameter verification failed.\n',
      errors: { password: 'property is missing and it is not optional' },
    });
  });

  test('GET /access/ticket is a dummy that answers null without credentials', async () => {
    sim = simulator();
    const response = await sim.fetch('/api2/json/access/ticket');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: null });
  });

  test('with path and privs the login only verifies: username back, no ticket', async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    sim.access.setAcl({ path: '/vms', roles: 'PVEVMUser', users: 'alice@pve' });
    const verify = (privs: string, password = 'alice-pw') =>
      sim.fetch('/api2/json/access/ticket', {
        method: 'POST',
        body: form({ username: 'alice@pve', password, path: '/vms/100', privs }),
      });

    const allowed = await verify('VM.PowerMgmt,VM.Console');
    expect(await allowed.json()).toEqual({ data: { username: 'alice@pve' } });
    expect((await verify('VM.Allocate')).status).toBe(401);
    expect((await verify('VM.Console', 'wrong')).status).toBe(401);
    const session = await login(sim, 'alice@pve', 'alice-pw');
    expect((await verify('VM.Console', session.ticket)).status).toBe(200);

    const half = await sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      body: form({ username: 'alice@pve', password: 'alice-pw', path: '/vms' }),
    });
    expect(await half.json()).toMatchObject({
      errors: { privs: "missing property - 'path' requires this property" },
    });
  });
});
