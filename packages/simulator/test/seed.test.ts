import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { Simulator, SimulatorOptions } from '../src/index.js';
import { simulator, tokenHeader } from './helpers.js';

const opened: Simulator[] = [];
// Token ids differ per simulator: a state file carries tokens into the next run.
let tokens = 0;
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

async function demo(options: SimulatorOptions = {}) {
  const sim = simulator({ seed: 'demo', clock: () => Date.UTC(2026, 0, 15), ...options });
  opened.push(sim);
  const token = await sim.access.createToken('root@pam', `seed${tokens++}`, {
    privsep: false,
  });
  const headers = tokenHeader(token.tokenId, token.secret);
  const get = async <T>(apiPath: string): Promise<T> => {
    const response = await sim.fetch(`/api2/json${apiPath}`, { headers });
    expect(response.status, apiPath).toBe(200);
    return ((await response.json()) as { data: T }).data;
  };
  return { sim, get };
}

interface Resource {
  vmid: number;
  type: string;
  name: string;
  node: string;
  status: string;
  template: number;
  pool?: string;
}

describe("seed 'demo'", () => {
  test('templates, VMs and containers, some running, built as the API would', async () => {
    const { get } = await demo();
    const guests = await get<Resource[]>('/cluster/resources?type=vm');
    const summary = guests
      .map((guest) => `${guest.type}/${guest.vmid}/${guest.status}/${guest.template ?? 0}`)
      .sort();
    expect(summary).toEqual([
      'lxc/200/running/0',
      'lxc/201/stopped/0',
      'lxc/9001/stopped/1',
      'qemu/100/running/0',
      'qemu/101/running/0',
      'qemu/102/stopped/0',
      'qemu/9000/stopped/1',
    ]);
    const web = await get<Record<string, string>>('/nodes/pve1/qemu/100/config');
    expect(web.name).toBe('web01');
    expect(web.scsi0).toMatch(/^local-lvm:vm-100-disk-0/);
    expect(web.net0).toMatch(/^virtio=[0-9A-F:]{17},bridge=vmbr0$/);
    const template = await get<Record<string, string>>('/nodes/pve1/qemu/9000/config');
    expect(template.scsi0).toMatch(/^local-lvm:base-9000-disk-0/);
  });

  test('a pool with members, an ISO and container templates in local', async () => {
    const { get } = await demo();
    const pool = await get<{ members: { vmid?: number; storage?: string }[] }>('/pools/demo');
    const vmids = pool.members.flatMap((member) => (member.vmid ? [member.vmid] : []));
    expect(vmids.sort()).toEqual([100, 101, 200]);
    const content = await get<{ volid: string; content: string }[]>(
      '/nodes/pve1/storage/local/content',
    );
    const kinds = new Set(content.map((volume) => volume.content));
    expect(kinds).toEqual(new Set(['iso', 'vztmpl']));
    expect(content.map((volume) => volume.volid)).toContain(
      'local:iso/alpine-virt-3.21.2-x86_64.iso',
    );
  });

  test('users, groups and ACLs', async () => {
    const { get } = await demo();
    const groups = await get<{ groupid: string; users?: string }[]>('/access/groups');
    const byId = Object.fromEntries(groups.map((group) => [group.groupid, group.users]));
    expect(byId.admins).toBe('alice@pve');
    expect(byId.operators?.split(',').sort()).toEqual(['bob@pve', 'carol@pve']);
    const acl =
      await get<{ path: string; roleid: string; ugid: string; type: string }[]>('/access/acl');
    const entries = acl.map((entry) => `${entry.path} ${entry.type}:${entry.ugid} ${entry.roleid}`);
    expect(entries.sort()).toEqual([
      '/ group:admins PVEAuditor',
      '/pool/demo group:admins PVEVMAdmin',
      '/storage/local user:carol@pve PVEDatastoreUser',
      '/vms group:operators PVEVMUser',
    ]);
  });

  test('is deterministic: two simulators seed the same configs, UUIDs and MACs too', async () => {
    const first = await demo();
    const second = await demo();
    for (const apiPath of ['/nodes/pve1/qemu/101/config', '/nodes/pve1/lxc/200/config']) {
      expect(await second.get(apiPath)).toEqual(await first.get(apiPath));
    }
  });

  test('spreads guests over the members of a cluster', async () => {
    const { get } = await demo({ nodes: 3 });
    const guests = await get<Resource[]>('/cluster/resources?type=vm');
    expect(new Set(guests.map((guest) => guest.node))).toEqual(new Set(['pve1', 'pve2', 'pve3']));
  });

  test('leaves a state file that already holds guests as it is', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'pvekit-seed-'));
    const stateFile = path.join(directory, 'cluster.json');
    try {
      const { sim, get } = await demo({ stateFile });
      const token = await sim.access.createToken('root@pam', 'change', { privsep: false });
      const headers = tokenHeader(token.tokenId, token.secret);
      const removed = await sim.fetch('/api2/json/nodes/pve1/qemu/102', {
        method: 'DELETE',
        headers,
      });
      expect(removed.status).toBe(200);
      const revoked = await sim.fetch('/api2/json/access/acl', {
        method: 'PUT',
        headers,
        body: new URLSearchParams({
          path: '/vms',
          roles: 'PVEVMUser',
          groups: 'operators',
          delete: '1',
        }),
      });
      expect(revoked.status).toBe(200);
      expect((await get<Resource[]>('/cluster/resources?type=vm')).length).toBe(6);
      await sim.close();
      const again = await demo({ stateFile });
      const vmids = (await again.get<Resource[]>('/cluster/resources?type=vm')).map(
        (guest) => guest.vmid,
      );
      expect(vmids.sort((a, b) => a - b)).toEqual([100, 101, 200, 201, 9000, 9001]);
      const acl = await again.get<{ path: string }[]>('/access/acl');
      expect(acl.map((entry) => entry.path)).not.toContain('/vms');
      // Closing waits for pending writes, so the directory can go.
      await again.sim.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('an unknown seed is refused with the names it knows', () => {
    expect(() => simulator({ seed: 'prod' as 'demo' })).toThrow(
      "seed must be one of demo, got 'prod'",
    );
  });
});
