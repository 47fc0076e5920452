import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Simulator } from '../src/index.js';
import { simulator, tokenHeader } from './helpers.js';

let sim: Simulator;
let auth: Record<string, string>;

async function setup(): Promise<void> {
  sim = simulator();
  const token = await sim.access.createToken('root@pam', 'faults');
  auth = tokenHeader(token.tokenId, token.secret);
}

afterEach(async () => {
  vi.useRealTimers();
  await sim.close();
});

function version(): Promise<Response> {
  return sim.fetch('/api2/json/version', { headers: auth });
}

describe('faults', () => {
  test('drop rejects like a reset connection, after the request arrived', async () => {
    await setup();
    sim.faults.add({ kind: 'drop', path: '/version', times: 1 });
    const failure = await version().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe('fetch failed');
    expect((failure as { cause: { code: string } }).cause.code).toBe('ECONNRESET');
    expect(sim.requests.map((request) => request.path)).toEqual(['/api2/json/version']);
    expect((await version()).status).toBe(200);
  });

  test('status answers the given status and message, as many times as asked', async () => {
    await setup();
    sim.faults.add({
      kind: 'status',
      path: /^\/nodes/,
      status: 595,
      message: 'Errors during connection establishment, proxy handshake: No route to host',
      times: 2,
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await sim.fetch('/api2/json/nodes', { headers: auth });
      expect(response.status).toBe(595);
      expect(response.statusText).toBe(
        'Errors during connection establishment, proxy handshake: No route to host',
      );
      expect(((await response.json()) as { data: unknown }).data).toBeNull();
    }
    expect((await sim.fetch('/api2/json/nodes', { headers: auth })).status).toBe(200);
    expect((await version()).status).toBe(200);
  });

  test('method and path narrow which requests a fault hits', async () => {
    await setup();
    sim.faults.add({
      kind: 'status',
      method: 'POST',
      path: '/api2/json/access/ticket',
      status: 503,
    });
    expect((await version()).status).toBe(200);
    expect((await sim.fetch('/api2/json/access/ticket')).status).toBe(200);
    const hit = await sim.fetch('/api2/json/access/ticket', { method: 'POST' });
    expect(hit.status).toBe(503);
  });

  test('delay holds the answer for ms, on the timers', async () => {
    await setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sim.faults.add({ kind: 'delay', ms: 5000 });
    let settled = false;
    const pending = version().then((response) => {
      settled = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
  });

  test('close() ends a delayed request instead of waiting it out', async () => {
    await setup();
    sim.faults.add({ kind: 'delay', ms: 3_600_000 });
    const pending = version().catch((error: unknown) => error);
    await sim.close();
    const failure = await pending;
    expect(failure).toBeInstanceOf(TypeError);
  });

  test('an aborted request stops waiting for a delayed answer', async () => {
    await setup();
    sim.faults.add({ kind: 'delay', ms: 3_600_000 });
    const controller = new AbortController();
    const pending = sim.fetch('/api2/json/version', { headers: auth, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('clear and remove switch faults off; bad fault specs are refused', async () => {
    await setup();
    const id = sim.faults.add({ kind: 'status', status: 500 });
    sim.faults.add({ kind: 'drop', path: '/nowhere' });
    expect(sim.faults.list()).toHaveLength(2);
    sim.faults.remove(id);
    expect((await version()).status).toBe(200);
    sim.faults.clear();
    expect(sim.faults.list()).toEqual([]);

    expect(() => sim.faults.add({ kind: 'delay' })).toThrow(/needs ms/);
    expect(() => sim.faults.add({ kind: 'status', status: 42 })).toThrow(/HTTP status/);
    expect(() => sim.faults.add({ kind: 'drop', times: 0 })).toThrow(/positive integer/);
  });
});
