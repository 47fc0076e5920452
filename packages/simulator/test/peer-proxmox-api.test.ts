import { createRequire } from 'node:module';
// proxmox-api is GPL-3.0: a devDependency of the repository, run here as an unchanged peer
// client to prove the simulator answers it as a node would; never bundled or copied.
import proxmoxApi from 'proxmox-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';

/** The part of the peer's own undici used to trust the simulator's certificate. */
interface PeerUndici {
  Agent: new (options: { connect: { ca: string } }) => { close(): Promise<void> };
  fetch: (url: string, init: object) => Promise<Response>;
}

describe('the proxmox-api npm package against the simulator', () => {
  let sim: RunningSimulator;
  let agent: { close(): Promise<void> };
  let peerFetch: (url: string, init: object) => Promise<Response>;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rootPassword: 'peer-secret', seed: 'demo' });
    const peerRequire = createRequire(createRequire(import.meta.url).resolve('proxmox-api'));
    const undici = peerRequire('undici') as PeerUndici;
    agent = new undici.Agent({ connect: { ca: sim.certificate } });
    peerFetch = (url, init) => undici.fetch(url, { ...init, dispatcher: agent });
  });

  afterAll(async () => {
    await agent?.close();
    await sim?.close();
  });

  type PeerAuth = { username: string; password: string } | { tokenID: string; tokenSecret: string };

  function connect(auth: PeerAuth) {
    const url = new URL(sim.url);
    const options = { host: url.hostname, port: Number(url.port), ...auth, fetch: peerFetch };
    return proxmoxApi(options as Parameters<typeof proxmoxApi>[0]);
  }

  it('logs in with a password and walks nodes, guests and configs as its README does', async () => {
    const proxmox = connect({ username: 'root@pam', password: 'peer-secret' });
    const nodes = await proxmox.nodes.$get();
    expect(nodes.map((node) => node.node)).toEqual(['pve1']);
    const qemus = await proxmox.nodes.$('pve1').qemu.$get({ full: true });
    expect(qemus.length).toBeGreaterThan(0);
    const first = qemus[0];
    const config = await proxmox.nodes
      .$('pve1')
      .qemu.$(first?.vmid ?? 0)
      .config.$get();
    expect(config.name).toBe(first?.name);
  });

  it('creates a VM, waits for its task, changes its config and sees a 400 for a bad value', async () => {
    const proxmox = connect({ username: 'root@pam', password: 'peer-secret' });
    const node = proxmox.nodes.$('pve1');
    const upid = await node.qemu.$post({ vmid: 400, name: 'from-peer', memory: '1024' });
    expect(upid).toMatch(/^UPID:pve1:.*:qmcreate:400:root@pam:$/);
    const status = await node.tasks.$(upid).status.$get();
    expect(status.status).toBe('stopped');
    expect(status.exitstatus).toBe('OK');

    await node.qemu.$(400).config.$put({ cores: 4 });
    expect((await node.qemu.$(400).config.$get()).cores).toBe(4);
    await expect(node.qemu.$(400).config.$put({ cores: 'many' as never })).rejects.toThrow(
      /400|Parameter verification failed/,
    );
  });

  it('authenticates with an API token', async () => {
    const { tokenId, secret } = await sim.simulator.access.createToken('root@pam', 'peer', {
      privsep: false,
    });
    const proxmox = connect({ tokenID: tokenId, tokenSecret: secret });
    const version = await proxmox.version.$get();
    expect(version.release).toBe('9.1');
  });
});
