import { connect, createServer, type Server } from 'node:net';
import type { SimulatorListener } from '@pvekit/simulator';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxmoxClient, ProxmoxConnectionError } from '../src/index.js';
import { received, simulator } from './helpers/simulator.js';

/** A TCP relay in front of the simulator that counts the connections clients open. */
async function countingRelay(
  target: URL,
): Promise<{ server: Server; port: number; opened: () => number }> {
  let opened = 0;
  const server = createServer((incoming) => {
    opened += 1;
    const outgoing = connect(Number(target.port), target.hostname);
    incoming.pipe(outgoing).pipe(incoming);
    const end = () => {
      incoming.destroy();
      outgoing.destroy();
    };
    incoming.on('error', end).on('close', end);
    outgoing.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('relay has no port');
  return { server, port: address.port, opened: () => opened };
}

describe('connections', () => {
  const sim = simulator();
  let server: SimulatorListener;
  let plain: SimulatorListener;
  let auth: { tokenId: string; secret: string };
  const clients: ProxmoxClient[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    server = await sim.listen();
    plain = await sim.listen({ http: true });
    auth = await sim.access.createToken('root@pam', 'conn', { privsep: false });
  });
  afterAll(async () => {
    await Promise.all(clients.map((each) => each.close()));
    for (const close of closers) await close();
    await sim.close();
  });

  it('reuses one keep-alive connection for sequential requests, also when pinning', async () => {
    const relay = await countingRelay(new URL(server.url));
    closers.push(() => new Promise((resolve) => relay.server.close(() => resolve())));
    const client = new ProxmoxClient({
      baseUrl: `https://127.0.0.1:${relay.port}`,
      tls: { fingerprint: server.fingerprint },
      auth,
    });
    clients.push(client);
    for (let round = 0; round < 8; round += 1) await client.get('/version');
    // undici may open a second socket while the first is still being released after the very
    // first answer; from then on the pool serves every request. One socket per request would be 8.
    expect(relay.opened()).toBeLessThanOrEqual(2);
  });

  it('speaks plain HTTP to an http:// URL (a node behind a TLS-terminating proxy)', async () => {
    const client = new ProxmoxClient({ baseUrl: plain.url, auth });
    clients.push(client);
    await expect(client.get('/version')).resolves.toHaveProperty('release');
  });

  it('sends through an injected undici dispatcher, whose TLS settings apply', async () => {
    const dispatcher = new Agent({ connect: { ca: server.certificate } });
    closers.push(() => dispatcher.close());
    const before = received(sim, 'GET', '/nodes').length;
    const client = new ProxmoxClient({ baseUrl: server.url, dispatcher, auth });
    await expect(client.get('/nodes')).resolves.toBeInstanceOf(Array);
    expect(received(sim, 'GET', '/nodes').length - before).toBe(1);
  });

  it('keeps TLS settings per client: an insecure client leaves the others verifying', async () => {
    const insecure = new ProxmoxClient({ baseUrl: server.url, tls: { insecure: true }, auth });
    const verifying = new ProxmoxClient({ baseUrl: server.url, auth, retry: 0 });
    clients.push(insecure, verifying);
    await insecure.get('/version');
    const error = await verifying.get('/version').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxConnectionError);
    expect((error as ProxmoxConnectionError).failure).toBe('certificate');
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
  });
});
