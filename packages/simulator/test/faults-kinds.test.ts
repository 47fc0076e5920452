import { ProxmoxClient, ProxmoxHttpError, ProxmoxUnavailableError } from 'pvekit';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { FaultSpec, Simulator, SimulatorOptions } from '../src/index.js';
import { form, simulator, tokenHeader } from './helpers.js';

let sim: Simulator;
let auth: Record<string, string>;
let client: ProxmoxClient | undefined;

async function setup(options: SimulatorOptions = {}): Promise<void> {
  sim = simulator({ seed: 'demo', ...options });
  const token = await sim.access.createToken('root@pam', 'faults', { privsep: false });
  auth = tokenHeader(token.tokenId, token.secret);
  // Retries with no backoff, so a retried request costs no wall time.
  client = new ProxmoxClient({
    baseUrl: 'https://pve1:8006',
    fetch: sim.fetch,
    auth: { tokenId: token.tokenId, secret: token.secret },
    retry: { retries: 2, baseDelay: 0, maxDelay: 0 },
  });
}

afterEach(async () => {
  vi.useRealTimers();
  await client?.close();
  client = undefined;
  await sim.close();
});

function get(apiPath: string): Promise<Response> {
  return sim.fetch(`/api2/json${apiPath}`, { headers: auth });
}

function post(apiPath: string, values: Record<string, string> = {}): Promise<Response> {
  return sim.fetch(`/api2/json${apiPath}`, { method: 'POST', headers: auth, body: form(values) });
}

function hits(apiPath: string): number {
  return sim.requests.filter((request) => request.path === `/api2/json${apiPath}`).length;
}

describe('fault targeting', () => {
  test('a glob path: * stays within a segment, ** crosses segments', async () => {
    await setup();
    sim.faults.add({ kind: 'status', status: 503, path: '/nodes/*/qemu' });
    sim.faults.add({ kind: 'status', status: 502, path: '/nodes/*/lxc/**' });
    expect((await get('/nodes/pve1/qemu')).status).toBe(503);
    expect((await get('/nodes/pve1/qemu/100/config')).status).toBe(200);
    expect((await get('/nodes/pve1/lxc/200/status/current')).status).toBe(502);
    expect((await get('/nodes/pve1/lxc')).status).toBe(200);
  });

  test('rate draws from the seeded source: same seed, same hits; 0 never, 1 always', async () => {
    const pattern = async (faultSeed: number): Promise<number[]> => {
      await setup({ faultSeed });
      sim.faults.add({ kind: 'status', status: 500, path: '/version', rate: 0.5 });
      const statuses: number[] = [];
      for (let index = 0; index < 24; index++) statuses.push((await get('/version')).status);
      await sim.close();
      return statuses;
    };
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await pattern(43)).not.toEqual(first);

    await setup();
    sim.faults.add({ kind: 'status', status: 500, path: '/version', rate: 0 });
    sim.faults.add({ kind: 'status', status: 501, path: '/nodes', rate: 1, times: 3 });
    for (let index = 0; index < 3; index++) {
      expect((await get('/version')).status).toBe(200);
      expect((await get('/nodes')).status).toBe(501);
    }
    expect((await get('/nodes')).status).toBe(200);
    expect(sim.faults.list().map((fault) => fault.rate)).toEqual([0]);
  });

  test('bad fault specs are refused with what to fix', async () => {
    await setup();
    expect(() => sim.faults.add({ kind: 'status', status: 500, rate: 1.5 })).toThrow(/rate/);
    expect(() => sim.faults.add({ kind: 'delay', ms: [50, 10] })).toThrow(/min <= max/);
    expect(() => sim.faults.add({ kind: 'upid', reads: 0 })).toThrow(/reads/);
    expect(() => sim.faults.add({ kind: 'smoke' } as unknown as FaultSpec)).toThrow(/'lock'/);
    expect(() => sim.faults.add({ kind: 'drop', method: 'GET /x' })).toThrow(/HTTP method/);
  });
});

describe('fault kinds', () => {
  test('delay with a range holds each answer a drawn time within it', async () => {
    await setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sim.faults.add({ kind: 'delay', ms: [100, 200], path: '/version' });
    let settled = false;
    const pending = get('/version').then((response) => {
      settled = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(101);
    expect((await pending).status).toBe(200);
  });

  test('auth-delay holds only 401s, on the paths it names, 3000 ms unless told', async () => {
    await setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sim.faults.add({ kind: 'auth-delay', path: '/access/ticket', times: 1 });
    const settledAfter = async (pending: Promise<Response>, ms: number) => {
      let settled = false;
      const tracked = pending.then((response) => {
        settled = true;
        return response;
      });
      await vi.advanceTimersByTimeAsync(ms - 1);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      return tracked;
    };
    // A 200 on the path does not use the fault up.
    expect((await get('/version')).status).toBe(200);
    const wrong = { username: 'root@pam', password: 'wrong' };
    const refused = sim.fetch('/api2/json/access/ticket', { method: 'POST', body: form(wrong) });
    expect((await settledAfter(refused, 3000)).status).toBe(401);
    // Used up: the next 401 comes at once, and a 401 elsewhere was never delayed.
    const again = await sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      body: form(wrong),
    });
    expect(again.status).toBe(401);
    expect((await sim.fetch('/api2/json/version')).status).toBe(401);
  });

  test('595 and 596 carry pveproxy-like status lines; a GET is retried past them', async () => {
    await setup();
    sim.faults.add({ kind: 'status', status: 595, path: '/nodes', times: 1 });
    const raw = await get('/nodes');
    expect(raw.status).toBe(595);
    expect(raw.statusText).toBe(
      'Errors during connection establishment, proxy handshake: No route to host',
    );

    sim.faults.add({ kind: 'status', status: 596, path: '/version', times: 1 });
    const version = (await client?.request('GET', '/version')) as { release: string };
    expect(typeof version.release).toBe('string');
    expect(hits('/version')).toBe(2);

    sim.faults.add({ kind: 'status', status: 596, path: '/version' });
    const failure = await client?.request('GET', '/version').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProxmoxUnavailableError);
    expect((failure as ProxmoxHttpError).serverMessage).toMatch(/^Errors during TLS negotiation/);
    expect(hits('/version')).toBe(5);
  });

  test('a dropped connection is retried for a GET, never for a POST', async () => {
    await setup();
    sim.faults.add({ kind: 'drop', path: '/nodes', times: 1 });
    const nodes = (await client?.request('GET', '/nodes')) as { node: string }[];
    expect(nodes.map((node) => node.node)).toEqual(['pve1']);
    expect(hits('/nodes')).toBe(2);

    sim.faults.add({ kind: 'drop', path: '/nodes/*/qemu/*/status/start', times: 1 });
    const started = client?.request('POST', '/nodes/pve1/qemu/102/status/start');
    await expect(started).rejects.toThrow();
    expect(hits('/nodes/pve1/qemu/102/status/start')).toBe(1);
  });

  test('lock: guest-changing calls time out on the config lock of the vmid they name', async () => {
    await setup();
    sim.faults.add({ kind: 'lock', path: '/nodes/**' });
    expect((await get('/nodes/pve1/qemu/100/config')).status).toBe(200);

    const vm = await post('/nodes/pve1/qemu/102/status/start');
    expect(vm.status).toBe(500);
    expect(vm.statusText).toBe(
      "can't lock file '/var/lock/qemu-server/lock-102.conf' - got timeout",
    );
    const ct = await post('/nodes/pve1/lxc/201/status/start');
    expect(ct.statusText).toBe("can't lock file '/run/lock/lxc/pve-config-201.lock' - got timeout");
    const create = await post('/nodes/pve1/qemu', { vmid: '150', memory: '512' });
    expect(create.statusText).toBe(
      "can't lock file '/var/lock/qemu-server/lock-150.conf' - got timeout",
    );

    const failure = await client
      ?.request('PUT', '/nodes/pve1/qemu/100/config', { description: 'x' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProxmoxHttpError);
    expect((failure as ProxmoxHttpError).status).toBe(500);
    expect((failure as Error).message).toContain(
      "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout",
    );
    // Nothing ran: the VM is still stopped.
    const current = await get('/nodes/pve1/qemu/102/status/current');
    expect(((await current.json()) as { data: { status: string } }).data.status).toBe('stopped');
  });

  test('upid: the task runs, but its first status reads answer 400 no such task', async () => {
    await setup();
    sim.faults.add({ kind: 'upid', path: '/nodes/*/qemu/*/status/*', reads: 2, times: 1 });
    const started = await post('/nodes/pve1/qemu/102/status/start');
    expect(started.status).toBe(200);
    const upid = ((await started.json()) as { data: string }).data;
    expect(upid).toMatch(/^UPID:pve1:/);
    const statusPath = `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`;
    for (let read = 0; read < 2; read++) {
      const refused = await get(statusPath);
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { errors: Record<string, string> };
      expect(body.errors).toEqual({ upid: 'no such task' });
    }
    const status = await get(statusPath);
    expect(status.status).toBe(200);
    expect(((await status.json()) as { data: { upid: string } }).data.upid).toBe(upid);

    // `times: 1` is used up: the next task's status reads at once.
    const again = await post('/nodes/pve1/qemu/102/status/stop');
    const next = ((await again.json()) as { data: string }).data;
    expect((await get(`/nodes/pve1/tasks/${encodeURIComponent(next)}/status`)).status).toBe(200);
  });

  test('upid: the pvekit client waits through the 400s of a fresh task', async () => {
    await setup();
    sim.faults.add({ kind: 'upid', path: '/nodes/*/lxc/*/status/start', reads: 2 });
    const upid = (await client?.request('POST', '/nodes/pve1/lxc/201/status/start')) as string;
    const result = await client?.tasks.wait(upid, { pollInterval: 1 });
    expect(result?.exitstatus).toBe('OK');
    const reads = sim.requests.filter((request) => request.path.endsWith('/status'));
    expect(reads.length).toBeGreaterThanOrEqual(3);
  });

  test('drift: numbers under the chosen keys come back as strings', async () => {
    await setup();
    sim.faults.add({ kind: 'drift', path: '/nodes/*/qemu' });
    const drifted = (await (await get('/nodes/pve1/qemu')).json()) as {
      data: Record<string, unknown>[];
    };
    const web = drifted.data.find((guest) => guest.name === 'web01');
    expect(web?.vmid).toBe('100');
    expect(typeof web?.maxmem).toBe('string');
    expect(web?.maxmem).toBe(String(4096 * 1024 * 1024));

    sim.faults.clear();
    sim.faults.add({ kind: 'drift', path: '/nodes/*/qemu', fields: ['cpus'] });
    const only = (await (await get('/nodes/pve1/qemu')).json()) as {
      data: Record<string, unknown>[];
    };
    const db = only.data.find((guest) => guest.name === 'db01');
    expect(db?.cpus).toBe('2');
    expect(db?.vmid).toBe(101);
  });
  test('drift: the typed pvekit API decodes drifted numbers back by the schema', async () => {
    await setup();
    sim.faults.add({ kind: 'drift', path: '/nodes/*/qemu' });
    const raw = (await client?.request('GET', '/nodes/pve1/qemu')) as { vmid: unknown }[];
    expect(raw.every((guest) => typeof guest.vmid === 'string')).toBe(true);
    const typed = (await client?.nodes.node('pve1').qemu.get()) ?? [];
    expect(typed.map((guest) => guest.vmid).sort()).toEqual([100, 101, 102, 9000]);
  });
});
