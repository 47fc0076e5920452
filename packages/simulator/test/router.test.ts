import fc from 'fast-check';
import { type EndpointSpec, endpoints } from 'pvekit/metadata';
import { afterEach, describe, expect, test } from 'vitest';
import type { Simulator } from '../src/index.js';
import { ok } from '../src/router/route.js';
import { RouteTable } from '../src/router/table.js';
import { simulator, tokenHeader } from './helpers.js';

let sim: Simulator;
let auth: Record<string, string>;

async function rootSimulator(): Promise<void> {
  sim = simulator();
  const token = await sim.access.createToken('root@pam', 'router', { privsep: false });
  auth = tokenHeader(token.tokenId, token.secret);
}

afterEach(async () => {
  await sim.close();
});

describe('routing', () => {
  test('an unknown path or method: 501 "Method ... not implemented", JSON body', async () => {
    await rootSimulator();
    const cases: [string, string, string][] = [
      ['GET', '/api2/json/nodes/pve/foo', "Method 'GET /nodes/pve/foo' not implemented"],
      ['PUT', '/api2/json/version', "Method 'PUT /version' not implemented"],
    ];
    for (const [method, url, message] of cases) {
      const response = await sim.fetch(url, { method, headers: auth });
      expect(response.status).toBe(501);
      expect(response.statusText).toBe(message);
      expect(await response.json()).toEqual({ data: null, message: `${message}\n` });
    }
  });

  test('formats other than json and paths outside /api2 answer 501', async () => {
    await rootSimulator();
    for (const url of ['/api2/extjs/version', '/api2/yaml/version', '/index.html']) {
      const response = await sim.fetch(url, { headers: auth });
      expect(response.status).toBe(501);
      expect(response.statusText).toBe('no such uri');
    }
  });

  test('a method Proxmox does not know is 501 "method \'X\' not available"', async () => {
    await rootSimulator();
    const response = await sim.fetch('/api2/json/version', { method: 'PATCH', headers: auth });
    expect(response.status).toBe(501);
    expect(response.statusText).toBe("method 'PATCH' not available");
  });

  test('a body on DELETE is 501 "Unexpected content for method"', async () => {
    await rootSimulator();
    await sim.access.createToken('root@pam', 'victim');
    const response = await sim.fetch('/api2/json/access/users/root@pam/token/victim', {
      method: 'DELETE',
      headers: auth,
      body: new URLSearchParams({ force: '1' }),
    });
    expect(response.status).toBe(501);
    expect(response.statusText).toBe("Unexpected content for method 'DELETE'");
    const list = await sim.fetch('/api2/json/access/users/root@pam/token', { headers: auth });
    const ids = ((await list.json()) as { data: { tokenid: string }[] }).data.map((t) => t.tokenid);
    expect(ids).toContain('victim');
  });
});

describe('parameters', () => {
  async function createWith(init: RequestInit, query = ''): Promise<Response> {
    return sim.fetch(`/api2/json/access/users/root@pam/token/made${query}`, {
      method: 'POST',
      ...init,
      headers: { ...auth, ...(init.headers as Record<string, string>) },
    });
  }

  test('form and JSON bodies are both read', async () => {
    await rootSimulator();
    const viaForm = await createWith({
      body: new URLSearchParams({ comment: 'form', privsep: '0' }),
    });
    expect(((await viaForm.json()) as { data: { info: object } }).data.info).toEqual({
      comment: 'form',
      privsep: 0,
      expire: 0,
    });
    await sim.fetch('/api2/json/access/users/root@pam/token/made', {
      method: 'DELETE',
      headers: auth,
    });
    const viaJson = await createWith({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ comment: 'json', privsep: false, expire: 4102444800 }),
    });
    expect(((await viaJson.json()) as { data: { info: object } }).data.info).toEqual({
      comment: 'json',
      privsep: 0,
      expire: 4102444800,
    });
  });

  test('query values win over body values', async () => {
    await rootSimulator();
    const response = await createWith(
      { body: new URLSearchParams({ comment: 'from body' }) },
      '?comment=from%20query',
    );
    expect(
      ((await response.json()) as { data: { info: { comment: string } } }).data.info.comment,
    ).toBe('from query');
  });

  test('a body value conflicting with the path is a 400; an equal one is fine', async () => {
    await rootSimulator();
    const conflict = await createWith({ body: new URLSearchParams({ userid: 'bob@pve' }) });
    expect(conflict.status).toBe(400);
    expect(conflict.statusText).toBe('Parameter verification failed.');
    expect(await conflict.json()).toEqual({
      data: null,
      message: 'Parameter verification failed.\n',
      errors: { userid: 'duplicate parameter (already defined in URI) with conflicting values!' },
    });
    const same = await createWith({ body: new URLSearchParams({ userid: 'root@pam' }) });
    expect(same.status).toBe(200);
  });

  test('form booleans are 1 or 0 only; "true" is a type error', async () => {
    await rootSimulator();
    const response = await createWith({ body: new URLSearchParams({ privsep: 'true' }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: { privsep: "type check ('boolean') failed - got 'true'" },
    });
  });

  test('an unsupported content type is refused', async () => {
    await rootSimulator();
    const response = await createWith({
      headers: { 'content-type': 'text/plain' },
      body: 'comment=x',
    });
    expect(response.status).toBe(506);
  });

  test('path parameters are URL-decoded', async () => {
    await rootSimulator();
    const response = await sim.fetch('/api2/json/access/users/root%40pam/token', { headers: auth });
    expect(response.status).toBe(200);
  });

  test('unknown, missing and mistyped parameters are reported together in one 400', async () => {
    await rootSimulator();
    const response = await createWith({
      body: new URLSearchParams({ expire: 'soon', colour: 'blue', comment: 'x'.repeat(10) }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      data: null,
      message: 'Parameter verification failed.\n',
      errors: {
        expire: "type check ('integer') failed - got 'soon'",
        colour:
          'property is not defined in schema and the schema does not allow additional properties',
      },
    });

    const login = await sim.fetch('/api2/json/access/ticket', {
      method: 'POST',
      body: new URLSearchParams({ username: 'u'.repeat(65) }),
    });
    expect(await login.json()).toMatchObject({
      errors: {
        username: 'value may only be 64 characters long',
        password: 'property is missing and it is not optional',
      },
    });
  });

  test('a JSON array sent to a list parameter is joined with commas', async () => {
    await rootSimulator();
    sim.access.addUser({ userid: 'carol@pve' });
    const response = await sim.fetch('/api2/json/access/acl', {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        path: '/vms',
        roles: ['PVEVMUser', 'PVEAuditor'],
        users: ['carol@pve'],
      }),
    });
    expect(response.status).toBe(200);
    const acl = await sim.fetch('/api2/json/access/acl', { headers: auth });
    const roles = ((await acl.json()) as { data: { roleid: string }[] }).data.map((e) => e.roleid);
    expect(roles.sort()).toEqual(['PVEAuditor', 'PVEVMUser']);
  });
});

describe('the route table', () => {
  const spec = (method: 'GET' | 'POST', path: string): EndpointSpec => ({
    method,
    path,
    name: path,
    params: {},
    additionalParams: false,
    returns: {},
    allowtoken: true,
    protected: false,
  });
  const specs = Object.fromEntries(
    [
      spec('GET', '/a/{x}'),
      spec('GET', '/a/b'),
      spec('GET', '/a/{x}/d'),
      spec('GET', '/a/b/c'),
      spec('POST', '/a/b'),
    ].map((entry) => [`${entry.method} ${entry.path}`, entry]),
  );
  const handler = () => ok(null);

  test('a literal segment wins over a variable one; a dead end below it falls back', () => {
    const table = new RouteTable(specs, []);
    const found = (path: string) => {
      const match = table.find('GET', path);
      return match && [match.endpoint.spec.path, match.pathParams];
    };
    expect(found('/a/b')).toEqual(['/a/b', {}]);
    expect(found('/a/z')).toEqual(['/a/{x}', { x: 'z' }]);
    expect(found('/a/b/c')).toEqual(['/a/b/c', {}]);
    expect(found('/a/b/d')).toEqual(['/a/{x}/d', { x: 'b' }]);
    expect(found('/a/b%2Fc/d')).toEqual(['/a/{x}/d', { x: 'b/c' }]);
    expect(found('/a/b/e')).toBeUndefined();
    expect(table.find('DELETE', '/a/b')).toBeUndefined();
  });

  test('handlers attach by route key; the rest of the schema stays routed without one', () => {
    const table = new RouteTable(specs, [{ method: 'POST', path: '/a/b', handler }]);
    expect(table.find('POST', '/a/b')?.endpoint.handler).toBe(handler);
    expect(table.find('GET', '/a/b')?.endpoint.handler).toBeUndefined();
    expect([...table.endpoints.keys()]).toEqual(Object.keys(specs));
  });

  test('a route the schema does not have, or a key attached twice, fails at construction', () => {
    expect(() => new RouteTable(specs, [{ method: 'GET', path: '/a/c', handler }])).toThrow(
      "route 'GET /a/c' is not in the API schema",
    );
    const twice = { method: 'GET', path: '/a/b', handler } as const;
    expect(() => new RouteTable(specs, [twice, twice])).toThrow(
      "route 'GET /a/b' has two handlers",
    );
  });
});

describe('the route table over the whole 9.1 schema', () => {
  const table = new RouteTable(endpoints, []);
  // Values no literal segment of the schema spells (they all start lower-case), with the
  // characters volume ids and user ids bring (`:`, `/`, `@`, `!`), sent URL-encoded.
  const value = fc
    .string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'aZ9:/@!.-_ '.split('')) })
    .map((text) => `X${text}`);

  test('every endpoint is found from its own template, with its path parameters decoded', () => {
    for (const [key, spec] of Object.entries(endpoints)) {
      const names = [...spec.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
      fc.assert(
        fc.property(
          fc.array(value, { minLength: names.length, maxLength: names.length }),
          (values) => {
            let index = 0;
            const concrete = spec.path.replace(/\{[^}]+\}/g, () =>
              encodeURIComponent(values[index++] ?? ''),
            );
            const match = table.find(spec.method, concrete);
            expect(match && `${match.endpoint.spec.method} ${match.endpoint.spec.path}`).toBe(key);
            expect(match?.pathParams).toEqual(
              Object.fromEntries(names.map((n, i) => [n, values[i]])),
            );
          },
        ),
        { numRuns: 5 },
      );
    }
  });
});
