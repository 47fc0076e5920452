import { afterEach, describe, expect, test } from 'vitest';
import type { Simulator } from '../src/index.js';
import { cookie, login, simulator, tokenHeader } from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

async function asAlice(): Promise<Record<string, string>> {
  sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
  const session = await login(sim, 'alice@pve', 'alice-pw');
  return { ...cookie(session.ticket), CSRFPreventionToken: session.CSRFPreventionToken };
}

describe('token endpoints', () => {
  test('a user creates a token over the API; its secret is shown once and works', async () => {
    sim = simulator();
    const alice = await asAlice();
    const created = await sim.fetch('/api2/json/access/users/alice@pve/token/ci', {
      method: 'POST',
      headers: alice,
      body: new URLSearchParams({ comment: 'pipeline' }),
    });
    expect(created.status).toBe(200);
    const { data } = (await created.json()) as {
      data: { 'full-tokenid': string; value: string; info: Record<string, unknown> };
    };
    expect(data['full-tokenid']).toBe('alice@pve!ci');
    expect(data.info).toEqual({ privsep: 1, expire: 0, comment: 'pipeline' });

    const withToken = await sim.fetch('/api2/json/version', {
      headers: tokenHeader('alice@pve!ci', data.value),
    });
    expect(withToken.status).toBe(200);

    const listed = await sim.fetch('/api2/json/access/users/alice@pve/token', { headers: alice });
    const tokens = ((await listed.json()) as { data: Record<string, unknown>[] }).data;
    expect(tokens).toEqual([{ tokenid: 'ci', privsep: 1, expire: 0, comment: 'pipeline' }]);
    expect(JSON.stringify(tokens)).not.toContain(data.value);
  });

  test('creating the same token twice is a 400 on tokenid', async () => {
    sim = simulator();
    const alice = await asAlice();
    const url = '/api2/json/access/users/alice@pve/token/ci';
    await sim.fetch(url, { method: 'POST', headers: alice });
    const again = await sim.fetch(url, { method: 'POST', headers: alice });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      data: null,
      message: 'Parameter verification failed.\n',
      errors: { tokenid: 'Token already exists.' },
    });
  });

  test('a deleted token stops working at once', async () => {
    sim = simulator();
    const alice = await asAlice();
    const token = await sim.access.createToken('alice@pve', 'gone');
    const headers = tokenHeader(token.tokenId, token.secret);
    expect((await sim.fetch('/api2/json/version', { headers })).status).toBe(200);

    const deleted = await sim.fetch('/api2/json/access/users/alice@pve/token/gone', {
      method: 'DELETE',
      headers: alice,
    });
    expect(await deleted.json()).toEqual({ data: null });
    expect((await sim.fetch('/api2/json/version', { headers })).status).toBe(401);
  });

  test("another user's tokens need User.Modify on one of their groups; root@pam has it", async () => {
    sim = simulator();
    const alice = await asAlice();
    const url = '/api2/json/access/users/bob@pve/token/ci';
    const refused = await sim.fetch(url, { method: 'POST', headers: alice });
    expect(refused.status).toBe(403);
    // Both branches of the schema's `or` failed, so Proxmox names neither.
    expect(refused.statusText).toBe('Permission check failed');

    sim.access.addGroup('devs', ['bob@pve']);
    sim.access.setAcl({ path: '/access/groups/devs', roles: 'PVEUserAdmin', users: 'alice@pve' });
    const allowed = await sim.fetch(url, { method: 'POST', headers: alice });
    expect(allowed.status).toBe(200);

    const root = await login(sim, 'root@pam', sim.credentials.password);
    const byRoot = await sim.fetch('/api2/json/access/users/bob@pve/token/other', {
      method: 'POST',
      headers: { ...cookie(root.ticket), CSRFPreventionToken: root.CSRFPreventionToken },
    });
    expect(byRoot.status).toBe(200);
  });

  test('a token acts with its own privileges: privsep ones need ACLs of their own', async () => {
    sim = simulator();
    const full = await sim.access.createToken('root@pam', 'full', { privsep: false });
    const separated = await sim.access.createToken('root@pam', 'separated');
    const url = '/api2/json/access/users/bob@pve/token';

    const asFull = await sim.fetch(url, { headers: tokenHeader(full.tokenId, full.secret) });
    expect(asFull.status).toBe(200);
    const headers = tokenHeader(separated.tokenId, separated.secret);
    expect((await sim.fetch(url, { headers })).status).toBe(403);

    sim.access.setAcl({ path: '/access', roles: 'PVEUserAdmin', tokens: separated.tokenId });
    expect((await sim.fetch(url, { headers })).status).toBe(200);
  });

  test('an unknown token is a 500 as in Proxmox', async () => {
    sim = simulator();
    const alice = await asAlice();
    const response = await sim.fetch('/api2/json/access/users/alice@pve/token/nope', {
      headers: alice,
    });
    expect(response.status).toBe(500);
    expect(response.statusText).toBe("no such token 'nope' for user 'alice@pve'");
  });
});

describe('version and nodes', () => {
  test('GET /nodes lists pve1 with its status figures and the certificate fingerprint', async () => {
    sim = simulator();
    const token = await sim.access.createToken('root@pam', 'ci', { privsep: false });
    const response = await sim.fetch('/api2/json/nodes', {
      headers: tokenHeader(token.tokenId, token.secret),
    });
    const nodes = ((await response.json()) as { data: Record<string, unknown>[] }).data;
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({
      node: 'pve1',
      status: 'online',
      id: 'node/pve1',
      type: 'node',
    });
    for (const field of ['cpu', 'maxcpu', 'mem', 'maxmem', 'uptime']) {
      expect(typeof nodes[0]?.[field]).toBe('number');
    }
    expect(nodes[0]?.ssl_fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const listener = await sim.listen();
    expect(nodes[0]?.ssl_fingerprint).toBe(listener.fingerprint);
  });
});
