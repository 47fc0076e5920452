import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { endpoints } from 'pvekit/metadata';
import { afterEach, describe, expect, test } from 'vitest';
import { coverage, createSimulator, ManualTaskClock, type Simulator } from '../src/index.js';
import { returnsProblems, type SchemaValue } from './conformance-returns.js';
import { tokenHeader } from './helpers.js';

// The schema lives beside the repository, never in it; without it these checks cannot run.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schemaFile = path.resolve(repoRoot, '../shared/pve-api/schema-9.1.json');
const schemaPresent = existsSync(schemaFile);
if (!schemaPresent) {
  console.warn(`skipping the schema conformance of the simulator: ${schemaFile} is absent`);
}

interface SchemaInfo {
  parameters?: { properties?: Record<string, SchemaValue> };
  returns?: SchemaValue;
}

interface SchemaNode {
  path: string;
  info?: Record<string, SchemaInfo>;
  children?: SchemaNode[];
}

function schemaEndpoints(): Map<string, SchemaInfo> {
  const found = new Map<string, SchemaInfo>();
  const walk = (node: SchemaNode) => {
    for (const [method, info] of Object.entries(node.info ?? {})) {
      found.set(`${method} ${node.path}`, info);
    }
    for (const child of node.children ?? []) walk(child);
  };
  for (const root of JSON.parse(readFileSync(schemaFile, 'utf8')) as SchemaNode[]) walk(root);
  return found;
}

/**
 * Where real nodes answer other than their own schema says, the simulator answers as the
 * nodes do (clients are written against those); each entry checks the real shape instead.
 */
const REAL_NODE_QUIRKS: Record<string, (data: unknown) => string[]> = {
  // pve-manager ClusterConfig.pm `nextid` hands back the id as the string it built.
  'GET /cluster/nextid': (data) =>
    typeof data === 'string' && /^\d+$/.test(data) ? [] : [`data: expected digits, got ${data}`],
};

const json = (body: Record<string, unknown>) => ({
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A simulator on a manual task clock, and a root token's calls against it. */
async function rootWorld() {
  const taskClock = new ManualTaskClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  const world = createSimulator({ rootPassword: 'conformance', taskClock });
  sim = world;
  const token = await world.access.createToken('root@pam', 'conformance', { privsep: false });
  const auth = tokenHeader(token.tokenId, token.secret);
  const call = async (method: string, apiPath: string, init: RequestInit = {}) => {
    const response = await world.fetch(`/api2/json${apiPath}`, {
      method,
      ...init,
      headers: { ...auth, ...(init.headers as Record<string, string> | undefined) },
    });
    const text = await response.text();
    const body = text === '' ? undefined : (JSON.parse(text) as { data: unknown });
    return { status: response.status, statusText: response.statusText, data: body?.data };
  };
  /** Starts a task, lets the task clock run it to its end, and insists it ended OK. */
  const task = async (apiPath: string, body: Record<string, unknown>) => {
    const started = await call('POST', apiPath, json(body));
    expect(started.status, `${apiPath}: ${started.statusText}`).toBe(200);
    const upid = String(started.data);
    await taskClock.advance(10 * 60_000);
    const status = await call('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`);
    expect(status.data).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
    return upid;
  };
  return { world, call, task };
}

describe.skipIf(!schemaPresent)('conformance with the Proxmox VE 9.1 schema', () => {
  test('the routed endpoints are exactly the schema’s, and coverage() names each', () => {
    const schemaKeys = [...schemaEndpoints().keys()].sort();
    expect(Object.keys(endpoints).sort()).toEqual(schemaKeys);
    expect(Object.keys(coverage()).sort()).toEqual(schemaKeys);
  });

  test('every endpoint of the schema is routed: none answers the unknown-path 501', async () => {
    const { call } = await rootWorld();
    const unrouted: string[] = [];
    for (const key of schemaEndpoints().keys()) {
      const [method = '', template = ''] = key.split(' ');
      // Values that keep calls away from the seeded root user and the only node's guests.
      const concrete = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
        name === 'node' ? 'pve1' : name === 'vmid' ? '999' : `sample-${name}`,
      );
      const response = await call(method, concrete);
      if (response.statusText === `Method '${method} ${concrete}' not implemented`) {
        unrouted.push(key);
      }
    }
    expect(unrouted).toEqual([]);
  });

  test('every modelled GET answers data of the shape its schema `returns` promises', async () => {
    const { world, call, task } = await rootWorld();
    const created = await task('/nodes/pve1/qemu', {
      vmid: 100,
      name: 'web',
      agent: '1',
      net0: 'virtio,bridge=vmbr0',
      scsi0: 'local-lvm:4',
    });
    await task('/nodes/pve1/lxc', {
      vmid: 200,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      hostname: 'db',
      storage: 'local-lvm',
    });
    await task('/nodes/pve1/qemu/100/status/start', {});
    await task('/nodes/pve1/qemu/100/snapshot', { snapname: 'snap1' });
    await task('/nodes/pve1/lxc/200/snapshot', { snapname: 'snap1' });
    await call('POST', '/pools', json({ poolid: 'pool1', comment: 'conformance' }));
    await call('POST', '/access/groups', json({ groupid: 'admins' }));
    const exec = await call('POST', '/nodes/pve1/qemu/100/agent/exec', json({ command: ['true'] }));
    world.access.enableTotp('root@pam');
    const factors = await call('GET', '/access/tfa/root@pam');
    const tfaId = (factors.data as { id: string }[] | undefined)?.[0]?.id ?? 'none';
    const volumes = await call('GET', '/nodes/pve1/storage/local-lvm/content');
    const volid = (volumes.data as { volid: string }[] | undefined)?.[0]?.volid ?? 'none';

    const pathValues: Record<string, string> = {
      node: 'pve1',
      userid: 'root@pam',
      tokenid: 'conformance',
      groupid: 'admins',
      poolid: 'pool1',
      snapname: 'snap1',
      upid: created,
      realm: 'pam',
      roleid: 'PVEAdmin',
      id: tfaId,
    };
    const pathValue = (template: string, name: string): string => {
      if (name === 'vmid') return template.includes('/lxc/') ? '200' : '100';
      if (name === 'storage') return template.includes('/content') ? 'local-lvm' : 'local';
      if (name === 'volume') return volid;
      return pathValues[name] ?? `no-sample-for-${name}`;
    };
    const queryValues: Record<string, string> = {
      pid: String((exec.data as { pid?: number } | undefined)?.pid ?? 0),
      type: 'user',
    };

    const schema = schemaEndpoints();
    const problems: string[] = [];
    const modelledGets = Object.entries(coverage())
      .filter(([key, modelled]) => modelled && key.startsWith('GET '))
      .map(([key]) => key);
    expect(modelledGets).toContain('GET /nodes/{node}/qemu/{vmid}/config');
    for (const key of modelledGets) {
      const template = key.slice('GET '.length);
      const info = schema.get(key) ?? {};
      const concrete = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
        encodeURIComponent(pathValue(template, name)),
      );
      const query = new URLSearchParams();
      for (const [name, spec] of Object.entries(info.parameters?.properties ?? {})) {
        if (spec.optional === 1 || template.includes(`{${name}}`)) continue;
        query.set(name, queryValues[name] ?? spec.enum?.[0] ?? `no-sample-for-${name}`);
      }
      const url = query.size > 0 ? `${concrete}?${query}` : concrete;
      const response = await call('GET', url);
      if (response.status !== 200) {
        problems.push(`${key}: GET ${url} answered ${response.status} ${response.statusText}`);
        continue;
      }
      const quirk = REAL_NODE_QUIRKS[key];
      const found = quirk
        ? quirk(response.data)
        : returnsProblems(info.returns ?? {}, response.data);
      problems.push(...found.map((problem) => `${key}: ${problem}`));
    }
    expect(problems).toEqual([]);
  });
});
