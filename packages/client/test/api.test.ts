import { describe, expect, it } from 'vitest';
import { decodeValue } from '../src/api/decode.js';
import { createApi, type RequestFn, UnknownRouteError } from '../src/api/index.js';
import { loadEndpoints } from '../src/api/metadata.js';
import {
  type Params,
  ProxmoxClient,
  ProxmoxPathError,
  ProxmoxValidationError,
} from '../src/index.js';
import { memoryFetch, ROOT_PASSWORD, received, simulator } from './helpers/simulator.js';

// The typed API over the real client and the simulator in memory: both forms, one wire.
function setup() {
  const sim = simulator();
  const client = new ProxmoxClient({
    baseUrl: 'https://pve1:8006',
    fetch: memoryFetch(sim),
    auth: { username: 'root@pam', password: ROOT_PASSWORD },
  });
  const request: RequestFn = (method, path, params, options) =>
    client.request(method, path, params as Params | undefined, options);
  return { sim, api: createApi(request) };
}

describe('createApi over ProxmoxClient and the simulator', () => {
  it('sends the same request and returns the same result through both forms', async () => {
    const { sim, api } = setup();
    const viaRoute = await api.call('GET /version');
    const viaPath = await api.version.get();
    expect(viaRoute).toEqual(viaPath);
    expect(typeof viaRoute.version).toBe('string');
    expect(received(sim, 'GET', '/version')).toHaveLength(2);
  });

  it('fills and encodes path parameters, sends booleans as 1/0 and decodes 0/1 back', async () => {
    const { sim, api } = setup();
    const tokens = api.access.users.user('root@pam').token;
    await tokens.token('typed').post({ privsep: false, comment: 'made by the typed API' });
    expect(received(sim, 'POST', '/access/users/root%40pam/token/typed')).toHaveLength(1);

    const read = await api.call('GET /access/users/{userid}/token/{tokenid}', {
      userid: 'root@pam',
      tokenid: 'typed',
    });
    expect(read.privsep).toBe(false);
    expect(read.comment).toBe('made by the typed API');
  });

  it('sends a -list parameter given as an array as one comma-joined string', async () => {
    const { api } = setup();
    await api.access.acl.put({
      path: '/',
      roles: ['PVEAuditor', 'PVEVMUser'],
      users: ['root@pam'],
    });
    const acl = await api.call('GET /access/acl');
    const roles = acl.filter((entry) => entry.ugid === 'root@pam').map((entry) => entry.roleid);
    expect(roles.sort()).toEqual(['PVEAuditor', 'PVEVMUser']);
    expect(acl.every((entry) => typeof entry.propagate === 'boolean')).toBe(true);
  });

  it('refuses an unknown route before anything is sent', async () => {
    const { sim, api } = setup();
    const call = api.call as (route: string) => Promise<unknown>;
    await expect(call('GET /nodes/{node}/qemu/{vmid}/confg')).rejects.toThrow(UnknownRouteError);
    await expect(call('version')).rejects.toThrow(/'METHOD \/path'/);
    expect(sim.requests).toHaveLength(0);
  });

  it("refuses '..' as a path parameter instead of changing the path", async () => {
    const { sim, api } = setup();
    await expect(api.access.users.user('..').get()).rejects.toThrow(ProxmoxPathError);
    expect(sim.requests).toHaveLength(0);
  });

  it('validates on request with the shape of a server 400, and sends nothing', async () => {
    const { sim, api } = setup();
    const error = await api.access.users
      .user('root@pam')
      .token.token('no spaces allowed')
      .post({}, { validate: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxValidationError);
    expect((error as ProxmoxValidationError).status).toBe(400);
    expect(Object.keys((error as ProxmoxValidationError).errors ?? {})).toEqual(['tokenid']);
    expect(sim.requests).toHaveLength(0);
  });

  it('lets a call turn off the validation its API turned on', async () => {
    const seen: string[] = [];
    const validating = createApi(
      async (method, path) => {
        seen.push(`${method} ${path}`);
        return null;
      },
      { validate: true, validator: () => ({ comment: 'refused by the test validator' }) },
    );
    await expect(validating.version.get()).rejects.toThrow(/refused by the test validator/);
    await expect(validating.version.get(undefined, { validate: false })).resolves.toBeNull();
    expect(seen).toEqual(['GET /version']);
  });
});

describe('fluent objects', () => {
  it('caches fixed segments and makes a new object per parameter value', () => {
    const api = createApi(async () => null);
    expect(api.nodes).toBe(api.nodes);
    expect(api.cluster.status).toBe(api.cluster.status);
    expect(api.nodes.node('a')).not.toBe(api.nodes.node('a'));
  });
});

describe('lenient decoding by the generated metadata', () => {
  it('turns declared integers and booleans into numbers and booleans, keeps the rest', async () => {
    const endpoints = await loadEndpoints();
    const config = endpoints['GET /nodes/{node}/qemu/{vmid}/config'];
    const decoded = decodeValue(config?.returns, {
      cores: '4',
      onboot: 1,
      net0: 'virtio=BC:24:11:2E:4D:5F,bridge=vmbr0',
      acpi: '0',
      'not-in-the-schema': '12',
    });
    expect(decoded).toEqual({
      cores: 4,
      onboot: true,
      net0: 'virtio=BC:24:11:2E:4D:5F,bridge=vmbr0',
      acpi: false,
      'not-in-the-schema': '12',
    });
  });

  it('leaves values that do not plainly mean the declared type as they came', async () => {
    const endpoints = await loadEndpoints();
    const config = endpoints['GET /nodes/{node}/qemu/{vmid}/config'];
    expect(decodeValue(config?.returns, { cores: 'many', onboot: 'yes' })).toEqual({
      cores: 'many',
      onboot: 'yes',
    });
  });
});
