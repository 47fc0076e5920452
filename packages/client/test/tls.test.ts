import type { SimulatorListener } from '@pvekit/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProxmoxClient,
  type ProxmoxClientOptions,
  ProxmoxConnectionError,
  probeFingerprint,
} from '../src/index.js';
import { capturingLogger, closedPort, simulator } from './helpers/simulator.js';

describe('TLS per client', () => {
  const sim = simulator();
  let server: SimulatorListener;
  let auth: { tokenId: string; secret: string };
  const clients: ProxmoxClient[] = [];

  function client(options: Partial<ProxmoxClientOptions>) {
    const created = new ProxmoxClient({ baseUrl: server.url, auth, retry: 0, ...options });
    clients.push(created);
    return created;
  }
  async function failure(request: Promise<unknown>): Promise<ProxmoxConnectionError> {
    const error = await request.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxConnectionError);
    return error as ProxmoxConnectionError;
  }

  beforeAll(async () => {
    server = await sim.listen();
    auth = await sim.access.createToken('root@pam', 'tls', { privsep: false });
  });
  afterAll(async () => {
    await Promise.all(clients.map((each) => each.close()));
    await sim.close();
  });

  it('accepts the self-signed node whose fingerprint is pinned, in either notation', async () => {
    const plainHex = server.fingerprint.replace(/:/g, '').toLowerCase();
    for (const fingerprint of [server.fingerprint, plainHex]) {
      await expect(client({ tls: { fingerprint } }).get('/version')).resolves.toHaveProperty(
        'release',
      );
    }
  });

  it('refuses the node when the pin is another certificate, before sending', async () => {
    const before = sim.requests.length;
    const other = server.fingerprint.replace(/^../, (pair) => (pair === 'AA' ? 'BB' : 'AA'));
    const error = await failure(client({ tls: { fingerprint: other } }).get('/version'));
    expect(error.failure).toBe('certificate');
    expect(error.message).toMatch(/does not match the pinned/);
    expect(sim.requests.length).toBe(before);
  });

  it('refuses the self-signed node under default verification', async () => {
    const error = await failure(client({}).get('/version'));
    expect(error.failure).toBe('certificate');
    expect(error.message).toMatch(/tls\.fingerprint.*tls\.ca/);
    expect(error.cause).toBeDefined();
  });

  it('accepts the node when its certificate is given as the CA', async () => {
    await expect(
      client({ tls: { ca: server.certificate } }).get('/version'),
    ).resolves.toHaveProperty('release');
  });

  it('with tls.insecure accepts any certificate and warns once through the logger', async () => {
    const logger = capturingLogger();
    const insecure = client({ tls: { insecure: true }, logger });
    await insecure.get('/version');
    await insecure.get('/nodes');
    const warnings = logger.lines.filter((line) => line.startsWith('warn'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/verification is off/);
  });

  it('probes the fingerprint a node presents (trust on first use), sending nothing', async () => {
    const before = sim.requests.length;
    const { hostname, port } = new URL(server.url);
    const probed = await probeFingerprint({ host: hostname, port: Number(port) });
    expect(probed).toBe(server.fingerprint);
    expect(sim.requests.length).toBe(before);
    await expect(client({ tls: { fingerprint: probed } }).get('/version')).resolves.toBeDefined();
  });

  it('reports a probe of a port nobody listens on as a refused connection', async () => {
    const error = await probeFingerprint({ host: '127.0.0.1', port: await closedPort() }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProxmoxConnectionError);
    expect((error as ProxmoxConnectionError).failure).toBe('refused');
  });
});
