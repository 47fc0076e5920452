import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ProxmoxAbortError,
  ProxmoxClient,
  type ProxmoxClientOptions,
  ProxmoxTimeoutError,
} from '../src/index.js';
import { ManualClock } from './helpers/clock.js';
import { memoryFetch, received, simulator } from './helpers/simulator.js';

const ATTEMPT = 5_000;
const OVERALL = 12_000;
// The server holds every answer far longer than any test runs; sim.close() ends the waits.
const STALL = 600_000;

describe('timeouts and abort (simulator in memory, injected clock)', () => {
  const sim = simulator();
  let auth: { tokenId: string; secret: string };
  let clock: ManualClock;

  const client = (options: Partial<ProxmoxClientOptions> = {}) =>
    new ProxmoxClient({
      baseUrl: 'https://pve1:8006',
      fetch: memoryFetch(sim),
      auth,
      clock,
      timeout: { attempt: ATTEMPT, overall: OVERALL },
      retry: { retries: 1, baseDelay: 100, maxDelay: 100 },
      ...options,
    });
  const versionRequests = () => received(sim, 'GET', '/version').length;

  beforeAll(async () => {
    auth = await sim.access.createToken('root@pam', 'timeouts', { privsep: false });
  });
  beforeEach(() => {
    sim.faults.clear();
    sim.faults.add({ kind: 'delay', ms: STALL, path: '/version' });
    clock = new ManualClock({ autoBelow: 1_000 });
  });
  afterAll(() => sim.close());

  it('ends each attempt at the attempt timeout, retries the GET, then reports it', async () => {
    const before = versionRequests();
    const request = client().get('/version');
    const outcome = request.catch((caught: unknown) => caught);

    await clock.sleepsOf(ATTEMPT, 1);
    clock.advance(ATTEMPT);
    await clock.sleepsOf(ATTEMPT, 2);
    clock.advance(ATTEMPT);

    const error = await outcome;
    expect(error).toBeInstanceOf(ProxmoxTimeoutError);
    expect(error).toMatchObject({ scope: 'attempt', timeoutMs: ATTEMPT, code: 'timeout' });
    expect((error as Error).message).toMatch(
      /GET \/version: no answer within the attempt timeout of 5000 ms/,
    );
    expect(versionRequests() - before).toBe(2);
    const [overall, first, backoff, second] = clock.sleeps;
    expect([overall, first, second]).toEqual([OVERALL, ATTEMPT, ATTEMPT]);
    expect(backoff).toBeGreaterThanOrEqual(50);
    expect(backoff).toBeLessThanOrEqual(100);
  });

  it('ends the whole call at the overall timeout, retries included', async () => {
    const start = clock.now();
    const before = versionRequests();
    const request = client({ retry: 5 }).get('/version');
    const outcome = request.catch((caught: unknown) => caught);

    // Two attempts time out; the third is cut short by the overall deadline.
    for (const attempt of [1, 2]) {
      await clock.sleepsOf(ATTEMPT, attempt);
      clock.advance(ATTEMPT);
    }
    await clock.sleepsOf(ATTEMPT, 3);
    clock.advance(start + OVERALL - clock.now());

    const error = await outcome;
    expect(error).toBeInstanceOf(ProxmoxTimeoutError);
    expect(error).toMatchObject({ scope: 'overall', timeoutMs: OVERALL });
    expect(versionRequests() - before).toBe(3);
  });

  it('a per-call timeout overrides the client one', async () => {
    const outcome = client()
      .get('/version', {}, { timeout: { attempt: 2_000, overall: 2_500 } })
      .catch((caught: unknown) => caught);
    await clock.sleepsOf(2_000, 1);
    clock.advance(2_500);
    expect(await outcome).toMatchObject({ scope: 'overall', timeoutMs: 2_500 });
    expect(clock.sleeps.slice(0, 2)).toEqual([2_500, 2_000]);
  });

  it("stops at the caller's abort, with the signal's reason as cause", async () => {
    const controller = new AbortController();
    const outcome = client()
      .get('/version', {}, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await clock.sleepsOf(ATTEMPT, 1);
    const reason = new Error('the user pressed ^C');
    controller.abort(reason);

    const error = await outcome;
    expect(error).toBeInstanceOf(ProxmoxAbortError);
    expect((error as ProxmoxAbortError).cause).toBe(reason);
  });

  it('stops the wait between retries at an abort, and sends nothing more', async () => {
    sim.faults.clear();
    sim.faults.add({ kind: 'drop', path: '/version' });
    clock = new ManualClock({ autoBelow: 0 });
    const controller = new AbortController();
    const before = versionRequests();
    const outcome = client({ retry: { retries: 3, baseDelay: 400, maxDelay: 400 } })
      .get('/version', {}, { signal: controller.signal })
      .catch((caught: unknown) => caught);

    await clock.sleepsWhere((ms) => ms <= 400);
    controller.abort();
    expect(await outcome).toBeInstanceOf(ProxmoxAbortError);
    expect(versionRequests() - before).toBe(1);
  });

  it('refuses a call whose signal has already fired, before sending', async () => {
    const before = versionRequests();
    const error = await client()
      .get('/version', {}, { signal: AbortSignal.abort() })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxAbortError);
    expect(versionRequests()).toBe(before);
  });
});
