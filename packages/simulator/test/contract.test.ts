import { afterEach, describe, expect, test } from 'vitest';
import { createSimulator, type Simulator, SimulatorError } from '../src/index.js';
import { cookie, login, ROOT_PASSWORD, simulator, tokenHeader } from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

describe('the published contract', () => {
  test('root@pam logs in with the configured password and reads the version', async () => {
    sim = simulator();
    expect(sim.credentials).toEqual({ username: 'root@pam', password: ROOT_PASSWORD });
    const session = await login(sim, sim.credentials.username, sim.credentials.password);

    const response = await sim.fetch('/api2/json/version', { headers: cookie(session.ticket) });
    expect(response.status).toBe(200);
    expect(response.headers.get('server')).toBe('pve-api-daemon/3.0');
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const body = (await response.json()) as { data: { release: string; version: string } };
    expect(body.data.release).toBe('9.1');
    expect(body.data.version).toMatch(/^9\.1\.\d+$/);
  });

  test('a random root password is generated when none is given', () => {
    sim = createSimulator();
    const other = createSimulator();
    expect(sim.credentials.password.length).toBeGreaterThanOrEqual(12);
    expect(other.credentials.password).not.toBe(sim.credentials.password);
  });

  test('createToken returns an id and a UUID secret that authenticate', async () => {
    sim = simulator();
    const token = await sim.access.createToken('root@pam', 'ci', { privsep: false });
    expect(token.tokenId).toBe('root@pam!ci');
    expect(token.secret).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const response = await sim.fetch('https://pve1:8006/api2/json/nodes', {
      headers: tokenHeader(token.tokenId, token.secret),
    });
    expect(response.status).toBe(200);
  });

  test('the request log records method, path, query, headers and the clock time', async () => {
    sim = simulator({ clock: () => 1_700_000_000_000 });
    await sim.fetch('/api2/json/version?_dc=1', { headers: { 'x-probe': 'yes' } });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api2/json/version',
      query: { _dc: '1' },
      at: 1_700_000_000_000,
    });
    expect(sim.requests[0]?.headers['x-probe']).toBe('yes');
  });

  test('bad options and bad fixtures get a SimulatorError naming the fix', async () => {
    sim = simulator();
    expect(() => createSimulator({ rootPasword: 'x' } as never)).toThrow(
      /unknown simulator option 'rootPasword'/,
    );
    await expect(sim.access.createToken('nobody@pve', 'ci')).rejects.toThrow(SimulatorError);
    await expect(sim.access.createToken('root@pam', '1bad')).rejects.toThrow(
      /must start with a letter/,
    );
    expect(() => sim.access.addUser({ userid: 'no-realm' })).toThrow(/name@realm/);
  });

  test('after close, fetch fails like a refused connection', async () => {
    sim = simulator();
    await sim.close();
    const failure = await sim.fetch('/api2/json/version').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });

  test('the request log keeps the latest 10,000 requests', async () => {
    sim = simulator();
    for (let index = 0; index < 10_005; index++) {
      await sim.fetch(`/api2/json/access/domains?n=${index}`);
    }
    expect(sim.requests).toHaveLength(10_000);
    expect(sim.requests[0]?.query).toEqual({ n: '5' });
    expect(sim.requests.at(-1)?.query).toEqual({ n: '10004' });
  });
});
