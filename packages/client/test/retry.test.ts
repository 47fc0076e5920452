import type { SimulatorListener } from '@pvekit/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ProxmoxClient,
  type ProxmoxClientOptions,
  ProxmoxConnectionError,
  type RetryOptions,
} from '../src/index.js';
import { ManualClock } from './helpers/clock.js';
import { capturingLogger, closedPort, received, simulator } from './helpers/simulator.js';

const RETRY: Required<RetryOptions> = { retries: 3, baseDelay: 200, maxDelay: 500 };
// Backoffs (at most maxDelay) pass at once on the manual clock; the timeouts never come due.
const TIMEOUT = { attempt: 60_000, overall: 120_000 };

/** Every wait the loop scheduled between tries. */
function backoffs(clock: ManualClock): number[] {
  return clock.sleeps.filter((ms) => ms !== TIMEOUT.attempt && ms !== TIMEOUT.overall);
}

function expectBackoffShape(delays: number[]): void {
  delays.forEach((delay, index) => {
    const ceiling = Math.min(RETRY.maxDelay, RETRY.baseDelay * 2 ** index);
    expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
    expect(delay).toBeLessThanOrEqual(ceiling);
  });
}

describe('retries over TLS', () => {
  const sim = simulator();
  let server: SimulatorListener;
  let auth: { tokenId: string; secret: string };
  let clock: ManualClock;
  const clients: ProxmoxClient[] = [];

  function client(options: Partial<ProxmoxClientOptions> = {}) {
    const created = new ProxmoxClient({
      baseUrl: server.url,
      tls: { fingerprint: server.fingerprint },
      auth,
      clock,
      retry: RETRY,
      timeout: TIMEOUT,
      ...options,
    });
    clients.push(created);
    return created;
  }

  beforeAll(async () => {
    server = await sim.listen();
    auth = await sim.access.createToken('root@pam', 'retry', { privsep: false });
  });
  beforeEach(() => {
    sim.faults.clear();
    clock = new ManualClock({ autoBelow: RETRY.maxDelay + 1 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((each) => each.close()));
    await sim.close();
  });

  it('sends a GET again after a dropped connection, with growing jittered waits', async () => {
    sim.faults.add({ kind: 'drop', path: '/version', times: 2 });
    const before = received(sim, 'GET', '/version').length;
    await expect(client().get('/version')).resolves.toHaveProperty('release');
    expect(received(sim, 'GET', '/version').length - before).toBe(3);
    expect(backoffs(clock)).toHaveLength(2);
    expectBackoffShape(backoffs(clock));
  });

  it('gives up on a GET after `retries` more tries', async () => {
    sim.faults.add({ kind: 'drop', path: '/version' });
    const before = received(sim, 'GET', '/version').length;
    const error = await client()
      .get('/version')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxConnectionError);
    expect((error as ProxmoxConnectionError).unsent).toBe(false);
    expect(received(sim, 'GET', '/version').length - before).toBe(RETRY.retries + 1);
    expectBackoffShape(backoffs(clock));
  });

  it('never sends a POST twice once it may have reached the server', async () => {
    const path = '/access/users/root%40pam/token/dropped';
    sim.faults.add({ kind: 'drop', path, method: 'POST' });
    const request = client().post('/access/users/{userid}/token/{tokenid}', {
      userid: 'root@pam',
      tokenid: 'dropped',
    });
    const error = await request.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxConnectionError);
    expect((error as ProxmoxConnectionError).failure).toBe('reset');
    expect(received(sim, 'POST', path)).toHaveLength(1);
    expect(backoffs(clock)).toEqual([]);
  });

  it('retries a refused connection for a POST too: it never left', async () => {
    const logger = capturingLogger();
    const nowhere = new ProxmoxClient({
      baseUrl: `https://127.0.0.1:${await closedPort()}`,
      tls: { fingerprint: server.fingerprint },
      auth,
      clock,
      retry: RETRY,
      timeout: TIMEOUT,
      logger,
      logLevel: 'debug',
    });
    clients.push(nowhere);
    const error = await nowhere
      .post('/access/users/{userid}/token/{tokenid}', { userid: 'root@pam', tokenid: 'nowhere' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProxmoxConnectionError);
    expect((error as ProxmoxConnectionError).failure).toBe('refused');
    expect((error as ProxmoxConnectionError).unsent).toBe(true);
    const attempts = logger.lines.filter((line) => line.startsWith('debug pvekit POST'));
    expect(attempts).toHaveLength(RETRY.retries + 1);
    expect(backoffs(clock)).toHaveLength(RETRY.retries);
    expectBackoffShape(backoffs(clock));
  });
});
