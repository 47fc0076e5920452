import { describe, expect, it } from 'vitest';
import { ProxmoxClient, ProxmoxValidationError } from '../src/index.js';
import { memoryFetch, ROOT_PASSWORD, received, simulator } from './helpers/simulator.js';

// The typed API as users reach it: on the client itself, next to the untyped verbs.
function setup(validate?: boolean) {
  const sim = simulator();
  const client = new ProxmoxClient({
    baseUrl: 'https://pve1:8006',
    fetch: memoryFetch(sim),
    auth: { username: 'root@pam', password: ROOT_PASSWORD },
    ...(validate === undefined ? {} : { validate }),
  });
  return { sim, client };
}

describe('ProxmoxClient typed surfaces', () => {
  it('answers a route string, a fluent path and a method + path call with the same data', async () => {
    const { sim, client } = setup();
    const byRoute = await client.request('GET /version');
    const byPath = await client.version.get();
    const byMethod = await client.request<{ version: string }>('GET', '/version');
    expect(byRoute).toEqual(byPath);
    expect(byMethod).toEqual(byRoute);
    expect(received(sim, 'GET', '/version')).toHaveLength(3);
  });

  it('fills path parameters of a route from the parameters object', async () => {
    const { sim, client } = setup();
    await client.request('POST /access/users/{userid}/token/{tokenid}', {
      userid: 'root@pam',
      tokenid: 'typed',
      privsep: false,
    });
    expect(received(sim, 'POST', '/access/users/root%40pam/token/typed')).toHaveLength(1);
    const tokens = await client.access.users.user('root@pam').token.get();
    expect(tokens.map((token) => token.tokenid)).toContain('typed');
  });

  it('validates before sending when the client is built with validate: true', async () => {
    const { sim, client } = setup(true);
    const before = sim.requests.length;
    const failure = await client.nodes
      .node('pve1')
      .qemu.vm(100)
      .config.put({ cores: 0 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProxmoxValidationError);
    expect((failure as ProxmoxValidationError).errors).toHaveProperty('cores');
    expect(sim.requests.length).toBe(before);
  });
});
