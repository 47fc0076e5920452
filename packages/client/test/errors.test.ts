import { afterEach, describe, expect, it } from 'vitest';
import {
  classifyResponse,
  ProxmoxAuthenticationError,
  ProxmoxClient,
  type ProxmoxClientOptions,
  ProxmoxError,
  ProxmoxHttpError,
  ProxmoxNotFoundError,
  ProxmoxNotImplementedError,
  ProxmoxPermissionError,
  ProxmoxUnavailableError,
  ProxmoxValidationError,
} from '../src/index.js';
import { memoryFetch, ROOT_PASSWORD, received, simulator } from './helpers/simulator.js';

const MISSING_VM = "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist";

describe('errors carry the server message, classified (simulator in memory)', () => {
  const sim = simulator();
  afterEach(() => sim.faults.clear());
  const client = (options: Partial<ProxmoxClientOptions> = {}) =>
    new ProxmoxClient({ baseUrl: 'https://pve1:8006', fetch: memoryFetch(sim), ...options });
  const root = client({ auth: { username: 'root@pam', password: ROOT_PASSWORD } });

  async function caught<E>(
    request: Promise<unknown>,
    type: new (...args: never[]) => E,
  ): Promise<E> {
    const error = await request.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(ProxmoxError);
    return error as E;
  }

  it('401 without credentials: the reason phrase of an empty body', async () => {
    const error = await caught(client().get('/version'), ProxmoxAuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      code: 'authentication',
      serverMessage: 'No ticket',
    });
    expect(error.message).toBe('GET /version: 401 No ticket');
  });

  it('403 for a missing privilege, with the server message', async () => {
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-Passw0rd' });
    const alice = client({ auth: { username: 'alice@pve', password: 'alice-Passw0rd' } });
    const request = alice.post('/access/users/{userid}/token/{tokenid}', {
      userid: 'bob@pve',
      tokenid: 'stolen',
    });
    const error = await caught(request, ProxmoxPermissionError);
    expect(error.code).toBe('permission');
    expect(error.serverMessage).toMatch(/^Permission check failed/);
    expect(error.message).toBe(
      `POST /access/users/bob%40pve/token/stolen: 403 ${error.serverMessage}`,
    );
  });

  it('400 with the per-parameter errors map', async () => {
    const error = await caught(
      root.put('/access/password', { userid: 'root@pam' }),
      ProxmoxValidationError,
    );
    expect(error.code).toBe('validation');
    expect(error.serverMessage).toBe('Parameter verification failed.');
    expect(error.errors).toEqual({ password: 'property is missing and it is not optional' });
    expect(error.message).toBe(
      'PUT /access/password: 400 Parameter verification failed.' +
        ' (password: property is missing and it is not optional)',
    );
  });

  it('501 for an unknown path, which is also a not-found', async () => {
    const error = await caught(root.get('/nodes/pve1/no-such-thing'), ProxmoxNotImplementedError);
    expect(error).toBeInstanceOf(ProxmoxNotFoundError);
    expect(error.code).toBe('not_implemented');
    expect(error.serverMessage).toBe("Method 'GET /nodes/pve1/no-such-thing' not implemented");
  });

  it("500 '… does not exist' is a not-found; another 500 stays a plain HTTP error", async () => {
    sim.faults.add({ kind: 'status', status: 500, message: MISSING_VM, times: 1 });
    const missing = await caught(
      root.get('/nodes/{node}/qemu/{vmid}/config', { node: 'pve1', vmid: 100 }),
      ProxmoxNotFoundError,
    );
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe(`GET /nodes/pve1/qemu/100/config: 500 ${MISSING_VM}`);

    sim.faults.add({ kind: 'status', status: 500, message: 'VM 100 already running', times: 1 });
    const running = await caught(root.post('/nodes/pve1/qemu/100/status/start'), ProxmoxHttpError);
    expect(running.constructor).toBe(ProxmoxHttpError);
    expect(running).toMatchObject({ code: 'http', status: 500, method: 'POST' });
  });

  it('595 from a proxied hop is "unavailable", and a GET is tried again', async () => {
    const message = 'Errors during connection establishment, proxy handshake: No route to host';
    sim.faults.add({ kind: 'status', status: 595, message, path: '/nodes' });
    const quick = client({
      auth: { username: 'root@pam', password: ROOT_PASSWORD },
      retry: { retries: 2, baseDelay: 1, maxDelay: 2 },
    });
    const before = received(sim, 'GET', '/nodes').length;
    const error = await caught(quick.get('/nodes'), ProxmoxUnavailableError);
    expect(error.serverMessage).toBe(message);
    expect(received(sim, 'GET', '/nodes').length - before).toBe(3);
  });
});

describe('classifyResponse', () => {
  const scrub = (text: string) => text;

  it('falls back to the body message when the reason phrase is empty (older servers)', () => {
    const error = classifyResponse({
      method: 'GET',
      path: '/cluster/status',
      status: 500,
      statusText: '',
      body: JSON.stringify({ data: null, message: 'cluster not ready - no quorum?\n' }),
      scrub,
    });
    expect(error.serverMessage).toBe('cluster not ready - no quorum?');
  });

  it('names the status when the server gave no message at all', () => {
    const error = classifyResponse({
      method: 'GET',
      path: '/x',
      status: 502,
      statusText: '',
      body: '',
      scrub,
    });
    expect(error).toBeInstanceOf(ProxmoxUnavailableError);
    expect(error.message).toBe('GET /x: 502 HTTP 502');
  });
});
