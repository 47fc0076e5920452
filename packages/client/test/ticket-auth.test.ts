import type { SimulatorListener } from '@pvekit/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ProxmoxAuthenticationError,
  ProxmoxClient,
  type ProxmoxClientOptions,
  type TicketAuthOptions,
} from '../src/index.js';
import { ManualClock } from './helpers/clock.js';
import { ROOT_PASSWORD, received, simulator } from './helpers/simulator.js';

const HOUR = 3600 * 1000;
const ROOT: TicketAuthOptions = { username: 'root@pam', password: ROOT_PASSWORD };

describe('ticket auth over TLS', () => {
  const clock = new ManualClock();
  const sim = simulator({ clock: () => clock.now() });
  let server: SimulatorListener;
  const clients: ProxmoxClient[] = [];

  function client(auth: TicketAuthOptions, extra: Partial<ProxmoxClientOptions> = {}) {
    const created = new ProxmoxClient({
      baseUrl: server.url,
      tls: { fingerprint: server.fingerprint },
      auth,
      clock,
      ...extra,
    });
    clients.push(created);
    return created;
  }
  const logins = () => received(sim, 'POST', '/access/ticket');

  beforeAll(async () => {
    server = await sim.listen();
  });
  beforeEach(() => {
    sim.requests.length = 0;
  });
  afterAll(async () => {
    await Promise.all(clients.map((each) => each.close()));
    await sim.close();
  });

  it('sends the cookie on every request and the CSRF token only on writes', async () => {
    const root = client(ROOT);
    await root.get('/version');
    await root.post('/access/users/{userid}/token/{tokenid}', {
      userid: 'root@pam',
      tokenid: 'written',
    });
    const credentials = root.credentials;
    expect(credentials?.username).toBe('root@pam');
    const cookie = `PVEAuthCookie=${encodeURIComponent(credentials?.ticket ?? '?')}`;

    const [read] = received(sim, 'GET', '/version');
    expect(read?.headers.cookie).toBe(cookie);
    expect(read?.headers.csrfpreventiontoken).toBeUndefined();
    const [write] = received(sim, 'POST', '/access/users/root%40pam/token/written');
    expect(write?.headers.cookie).toBe(cookie);
    expect(write?.headers.csrfpreventiontoken).toBe(credentials?.csrfToken);
  });

  it('logs in once for many concurrent first requests', async () => {
    const root = client(ROOT);
    await Promise.all(Array.from({ length: 8 }, () => root.get('/version')));
    expect(logins()).toHaveLength(1);
    expect(received(sim, 'GET', '/version')).toHaveLength(8);
  });

  it('renews a ticket over an hour old by posting it as the password, once', async () => {
    const first = await client(ROOT).login();
    // Only the ticket, no password: a renewal can succeed only by sending the ticket itself.
    const holder = client({
      username: first.username,
      ticket: first.ticket,
      csrfToken: first.csrfToken,
    });
    await holder.get('/version');
    expect(logins()).toHaveLength(1);

    clock.advance(HOUR + 60_000);
    await Promise.all([holder.get('/version'), holder.get('/version'), holder.get('/nodes')]);
    expect(logins()).toHaveLength(2);
    const renewed = holder.credentials;
    expect(renewed?.ticket).not.toBe(first.ticket);
    expect(renewed?.createdAt).toBe(clock.now() - (clock.now() % 1000));
  });

  it('logs in with the password when the ticket is past renewal', async () => {
    const root = client(ROOT);
    const first = await root.login();
    clock.advance(3 * HOUR);
    await root.get('/version');
    expect(root.credentials?.ticket).not.toBe(first.ticket);
    // The refused renewal, then the password login.
    expect(logins()).toHaveLength(3);
  });

  it('after a 401 logs in again once and replays a GET, but never a POST', async () => {
    // The client's own clock stands still while the server's runs ahead: the ticket looks
    // fresh to the client and has expired for the server.
    const still = new ManualClock({ start: clock.now() });
    const root = client(ROOT, { clock: still });
    await root.login();
    clock.advance(3 * HOUR);

    await expect(root.get('/version')).resolves.toHaveProperty('release');
    expect(received(sim, 'GET', '/version')).toHaveLength(2);
    expect(logins()).toHaveLength(2);

    clock.advance(3 * HOUR);
    const write = root.post('/access/users/{userid}/token/{tokenid}', {
      userid: 'root@pam',
      tokenid: 'once',
    });
    await expect(write).rejects.toBeInstanceOf(ProxmoxAuthenticationError);
    expect(received(sim, 'POST', '/access/users/root%40pam/token/once')).toHaveLength(1);
    expect(logins()).toHaveLength(3);
    // The new ticket from that login serves the next write.
    await root.post('/access/users/{userid}/token/{tokenid}', {
      userid: 'root@pam',
      tokenid: 'twice',
    });
  });

  it('takes an existing ticket without logging in; a wrong password is a 401', async () => {
    const { username, ticket, csrfToken } = await client(ROOT).login();
    sim.requests.length = 0;
    await client({ username, ticket, csrfToken }).put('/access/password', {
      userid: 'root@pam',
      password: ROOT_PASSWORD,
    });
    expect(logins()).toHaveLength(0);

    const wrong = client({ username: 'root', realm: 'pam', password: 'not-the-password' });
    const error = await wrong.get('/version').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxAuthenticationError);
    expect((error as Error).message).toBe('POST /access/ticket: 401 authentication failure');
  });
});
