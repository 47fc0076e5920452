import type { SimulatorListener } from '@pvekit/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxmoxAuthenticationError, ProxmoxClient } from '../src/index.js';
import { received, simulator } from './helpers/simulator.js';

describe('API token over TLS', () => {
  const sim = simulator();
  let server: SimulatorListener;
  let token: { tokenId: string; secret: string };
  let client: ProxmoxClient;

  beforeAll(async () => {
    server = await sim.listen();
    token = await sim.access.createToken('root@pam', 'ci', { privsep: false });
    client = new ProxmoxClient({
      baseUrl: server.url,
      tls: { fingerprint: server.fingerprint },
      auth: token,
    });
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
  });

  it('sends exactly `PVEAPIToken=<id>=<secret>`, no CSRF token, no cookie', async () => {
    await client.get('/version');
    await client.post('/access/users/{userid}/token/{tokenid}', {
      userid: 'root@pam',
      tokenid: 'made-by-token',
    });

    const sent = [
      ...received(sim, 'GET', '/version'),
      ...received(sim, 'POST', '/access/users/root%40pam/token/made-by-token'),
    ];
    expect(sent).toHaveLength(2);
    for (const request of sent) {
      expect(request.headers.authorization).toBe(`PVEAPIToken=${token.tokenId}=${token.secret}`);
      expect(request.headers.csrfpreventiontoken).toBeUndefined();
      expect(request.headers.cookie).toBeUndefined();
    }
  });

  it('reports a wrong secret as an authentication error that does not show it', async () => {
    const wrong = new ProxmoxClient({
      baseUrl: server.url,
      tls: { fingerprint: server.fingerprint },
      auth: { tokenId: token.tokenId, secret: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' },
    });
    const error = await wrong.get('/version').catch((caught: unknown) => caught);
    await wrong.close();
    expect(error).toBeInstanceOf(ProxmoxAuthenticationError);
    expect((error as ProxmoxAuthenticationError).status).toBe(401);
    expect(String(error)).not.toContain('aaaaaaaa-bbbb');
  });

  it('has no ticket credentials and refuses login()', async () => {
    expect(client.credentials).toBeUndefined();
    await expect(client.login()).rejects.toThrow(/login\(\) needs ticket auth/);
  });
});
