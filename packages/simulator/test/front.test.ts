import { afterEach, describe, expect, test } from 'vitest';
import type { Simulator } from '../src/index.js';
import { cookie, login, simulator, tokenHeader } from './helpers.js';

// The front door on endpoints the simulator does not model: everything a real node checks
// before its handler runs still happens, and only then the simulator's own 501.
let sim: Simulator;
let root: Record<string, string>;

async function start(): Promise<void> {
  sim = simulator();
  const token = await sim.access.createToken('root@pam', 'front', { privsep: false });
  root = tokenHeader(token.tokenId, token.secret);
}

afterEach(async () => {
  await sim.close();
});

async function call(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: URLSearchParams | string,
) {
  const response = await sim.fetch(`/api2/json${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    statusText: response.statusText,
    body: (text === '' ? null : JSON.parse(text)) as {
      data: unknown;
      message?: string;
      errors?: Record<string, string>;
    } | null,
  };
}

describe('an endpoint of the schema the simulator does not model', () => {
  test('answers 501 naming the route template, distinct from an unknown path', async () => {
    await start();
    const unmodelled = await call('GET', '/nodes/pve1/ceph/status', root);
    const message =
      "Method 'GET /nodes/{node}/ceph/status' is not implemented by the pvekit simulator";
    expect(unmodelled.status).toBe(501);
    expect(unmodelled.statusText).toBe(message);
    expect(unmodelled.body).toEqual({ data: null, message: `${message}\n` });

    const unknown = await call('GET', '/nodes/pve1/ceph/statuses', root);
    expect(unknown.status).toBe(501);
    expect(unknown.statusText).toBe("Method 'GET /nodes/pve1/ceph/statuses' not implemented");
  });

  test('validates its parameters first: a bad one is a 400, not a 501', async () => {
    await start();
    const response = await call('GET', '/nodes/pve1/ceph/status?verbose=1', root);
    expect(response.status).toBe(400);
    expect(response.body?.errors).toEqual({
      verbose:
        'property is not defined in schema and the schema does not allow additional properties',
    });
    const badNode = await call('GET', '/nodes/-pve/ceph/status', root);
    expect(badNode.status).toBe(400);
    expect(Object.keys(badNode.body?.errors ?? {})).toEqual(['node']);
  });

  test('checks its permissions from the schema first: 403 for a user without them', async () => {
    await start();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-password' });
    const alice = await login(sim, 'alice@pve', 'alice-password');
    const denied = await call('GET', '/nodes/pve1/ceph/status', cookie(alice.ticket));
    expect(denied.status).toBe(403);
    expect(denied.statusText).toBe('Permission check failed (/, Sys.Audit|Datastore.Audit)');

    // Without `permissions` in the schema only root@pam passes.
    const rootOnly = await call('GET', '/cluster/backup-info', cookie(alice.ticket));
    expect(rootOnly.status).toBe(403);

    sim.access.setAcl({ path: '/', roles: 'PVEAuditor', users: 'alice@pve' });
    const allowed = await call('GET', '/nodes/pve1/ceph/status', cookie(alice.ticket));
    expect(allowed.status).toBe(501);
  });

  test('refuses API tokens where the schema sets allowtoken 0, before validation', async () => {
    await start();
    const withToken = await call('POST', '/access/tfa/root@pam', root, new URLSearchParams());
    expect(withToken.status).toBe(403);
    expect(withToken.statusText).toBe(
      "Permission check failed (URI '/access/tfa/root@pam' not available with API token, " +
        'need proper ticket.',
    );

    const session = await login(sim, 'root@pam', sim.credentials.password);
    const headers = {
      ...cookie(session.ticket),
      CSRFPreventionToken: session.CSRFPreventionToken,
    };
    const missing = await call('POST', '/access/tfa/root@pam', headers, new URLSearchParams());
    expect(missing.status).toBe(400);
    expect(missing.body?.errors).toEqual({ type: 'property is missing and it is not optional' });
  });
});

describe('validation from the schema', () => {
  test('numbered keys follow the real ranges: net31 exists, net32 does not', async () => {
    await start();
    const body = new URLSearchParams({
      vmid: '100',
      net31: 'virtio,bridge=vmbr0,mtu=70000',
      net32: 'virtio,bridge=vmbr0',
      ostype: 'amiga',
      cores: '0',
    });
    const response = await call('POST', '/nodes/pve1/qemu', root, body);
    expect(response.status).toBe(400);
    expect(response.statusText).toBe('Parameter verification failed.');
    const errors = response.body?.errors ?? {};
    expect(Object.keys(errors).sort()).toEqual(['cores', 'net31', 'net32', 'ostype']);
    expect(errors.net32).toBe(
      'property is not defined in schema and the schema does not allow additional properties',
    );
    expect(errors.net31).toMatch(/^invalid format - /);
    expect(errors.ostype).toMatch(/^value 'amiga' does not have a value in the enumeration/);
    expect(errors.cores).toBe('value must have a minimum value of 1');
  });

  test('a single value sent for an array parameter is taken as a one-element array', async () => {
    await start();
    const path = '/cluster/bulk-action/guest/start';
    const one = await call('POST', path, root, new URLSearchParams({ vms: '100' }));
    expect(one.status).toBe(501);
    const two = await call(
      'POST',
      path,
      root,
      new URLSearchParams([
        ['vms', '100'],
        ['vms', '101'],
      ]),
    );
    expect(two.status).toBe(501);
    const bad = await call(
      'POST',
      path,
      root,
      new URLSearchParams([
        ['vms', '100'],
        ['vms', 'x'],
      ]),
    );
    expect(bad.status).toBe(400);
  });

  test('the GUI cache buster _dc is dropped before validation', async () => {
    await start();
    expect((await call('GET', '/version?_dc=1700000000000', root)).status).toBe(200);
    expect((await call('GET', '/version?dc=1', root)).status).toBe(400);
  });

  test('JSON bodies keep their types; booleans may be true/false or 0/1', async () => {
    await start();
    const json = { ...root, 'content-type': 'application/json' };
    const ok = await call('POST', '/cluster/bulk-action/guest/start', json, '{"vms":[100,101]}');
    expect(ok.status).toBe(501);
    const flag = await call(
      'POST',
      '/nodes/pve1/ceph/init',
      json,
      JSON.stringify({ disable_cephx: true }),
    );
    expect(flag.status).toBe(501);
    const word = await call(
      'POST',
      '/nodes/pve1/ceph/init',
      json,
      JSON.stringify({ disable_cephx: 'yes' }),
    );
    expect(word.body?.errors).toEqual({
      disable_cephx: "type check ('boolean') failed - got 'yes'",
    });
  });

  test('anchored patterns: a value with a matching part only is refused', async () => {
    await start();
    const good = await call('GET', '/access/permissions?userid=root@pam', root);
    expect(good.status).toBe(200);
    const partial = await call('GET', '/access/permissions?userid=root@pam%20x', root);
    expect(partial.status).toBe(400);
    expect(partial.body?.errors).toEqual({ userid: 'value does not match the regex pattern' });
  });
});
