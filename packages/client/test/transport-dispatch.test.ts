import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SimulatorListener } from '@pvekit/simulator';
import { generate } from 'selfsigned';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProxmoxAbortError,
  ProxmoxClient,
  ProxmoxConnectionError,
  ProxmoxNotFoundError,
} from '../src/index.js';
import { dispatchThrough } from '../src/transport/dispatch.js';
import { closedPort, simulator } from './helpers/simulator.js';

/** A TLS server of our own, for answers the simulator never gives (a stall, a hang-up). */
async function rogueServer(
  onRequest: Parameters<typeof createHttpsServer>[1],
): Promise<{ server: Server; url: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'rogue.pvekit.invalid' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const server = createHttpsServer({ key: pems.private, cert: pems.cert }, onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `https://127.0.0.1:${port}`, cert: pems.cert };
}

describe('sending through an undici dispatch handler', () => {
  const sim = simulator();
  let listener: SimulatorListener;
  let auth: { tokenId: string; secret: string };
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    listener = await sim.listen();
    auth = await sim.access.createToken('root@pam', 'dispatch', { privsep: false });
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await sim.close();
  });

  function client(baseUrl: string, ca: string): ProxmoxClient {
    const made = new ProxmoxClient({ baseUrl, tls: { ca }, auth, retry: false });
    closers.push(() => made.close());
    return made;
  }

  it('reads the reason phrase, where Proxmox puts its error message', async () => {
    const agent = new Agent({ connect: { ca: listener.certificate } });
    closers.push(() => agent.close());
    const send = dispatchThrough(agent);
    const response = await send(`${listener.url}/api2/json/nodes/pve1/qemu/987/config`, {
      method: 'GET',
      headers: { authorization: `PVEAPIToken=${auth.tokenId}=${auth.secret}` },
      signal: new AbortController().signal,
    });
    expect(response.status).toBe(500);
    expect(response.ok).toBe(false);
    expect(response.statusText).toMatch(/987.*does not exist/);
    expect(JSON.parse(await response.text())).toHaveProperty('data', null);

    const error = await client(listener.url, listener.certificate)
      .get('/nodes/{node}/qemu/{vmid}/config', { node: 'pve1', vmid: 987 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxNotFoundError);
    expect((error as ProxmoxNotFoundError).serverMessage).toBe(response.statusText);
  });

  it('collects a body that arrives in many chunks as UTF-8 text', async () => {
    const text = JSON.stringify({ data: { name: 'ümlaut-€'.repeat(4000) } });
    const bytes = Buffer.from(text, 'utf8');
    const rogue = await rogueServer((_request, response) => {
      response.writeHead(200, 'OK', { 'content-type': 'application/json' });
      // Splits inside multi-byte characters: decoding per chunk would garble them.
      for (let at = 0; at < bytes.length; at += 1001) response.write(bytes.subarray(at, at + 1001));
      response.end();
    });
    closers.push(() => new Promise((resolve) => rogue.server.close(resolve)));
    const answer = await client(rogue.url, rogue.cert).get('/anything');
    expect(answer).toEqual({ name: 'ümlaut-€'.repeat(4000) });
  });

  it('aborts mid-answer: the caller gets ProxmoxAbortError and the socket is closed', async () => {
    const controller = new AbortController();
    let socketClosed: Promise<void> = Promise.resolve();
    const rogue = await rogueServer((request, response) => {
      socketClosed = new Promise((resolve) => request.socket.once('close', () => resolve()));
      response.writeHead(200, 'OK', { 'content-type': 'application/json' });
      // Half a body, then nothing: only the abort can end this answer.
      response.write('{"data":', () => controller.abort(new Error('caller gave up')));
    });
    closers.push(() => new Promise((resolve) => rogue.server.close(resolve)));
    const error = await client(rogue.url, rogue.cert)
      .get('/stalls', {}, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxAbortError);
    // The dispatch itself was aborted, not just the promise the caller waits on.
    await socketClosed;
  });

  it('reports a refused connection as failure "refused"', async () => {
    const port = await closedPort();
    const error = await client(`https://127.0.0.1:${port}`, listener.certificate)
      .get('/version')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxConnectionError);
    expect((error as ProxmoxConnectionError).failure).toBe('refused');
  });

  it('reports a connection dropped before the answer as failure "reset"', async () => {
    const rogue = await rogueServer((request) => request.socket.destroy());
    closers.push(() => new Promise((resolve) => rogue.server.close(resolve)));
    const error = await client(rogue.url, rogue.cert)
      .post('/nodes/{node}/qemu', { node: 'pve1', vmid: 100 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxConnectionError);
    expect((error as ProxmoxConnectionError).failure).toBe('reset');
  });
});
