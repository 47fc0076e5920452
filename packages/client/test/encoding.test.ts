import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  encodeParams,
  ProxmoxClient,
  ProxmoxParameterError,
  ProxmoxPathError,
  ProxmoxResponseError,
  resolvePath,
} from '../src/index.js';
import { decodeEnvelope } from '../src/transport/envelope.js';
import { memoryFetch, ROOT_PASSWORD, received, simulator } from './helpers/simulator.js';

describe('resolvePath', () => {
  it('fills placeholders percent-encoded and keeps the rest as parameters', () => {
    const resolved = resolvePath('/nodes/{node}/storage/{storage}/content/{volume}', {
      node: 'pve1',
      storage: 'local',
      volume: 'local:iso/debian 12.iso',
      content: 'iso',
    });
    expect(resolved.path).toBe('/nodes/pve1/storage/local/content/local%3Aiso%2Fdebian%2012.iso');
    expect(resolved.rest).toEqual({ content: 'iso' });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['/nodes/../access', {}, /'\.\.' segment/],
    ['/nodes/./x', {}, /'\.' segment/],
    ['/nodes//qemu', {}, /empty segment \('\/\/'\)/],
    ['/version?foo=1', {}, /query string; pass parameters as params/],
    ['/nodes/{node}/qemu', {}, /needs parameter 'node'/],
    ['/nodes/{node}/qemu', { node: '..' }, /may not be '\.\.'/],
    ['/nodes/{node}/qemu', { node: true }, /as a string or number \(got boolean\)/],
    ['/nodes/{node/qemu', { node: 'x' }, /malformed placeholder/],
  ])('refuses %s', (path, params, message) => {
    expect(() => resolvePath(path, params as never)).toThrow(ProxmoxPathError);
    expect(() => resolvePath(path, params as never)).toThrow(message);
  });

  it('never lets a value escape its segment', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (node) => {
        fc.pre(node !== '.' && node !== '..');
        const { path } = resolvePath('/nodes/{node}/status', { node });
        const segments = path.split('/');
        expect(segments).toHaveLength(4);
        expect(decodeURIComponent(segments[2] ?? '')).toBe(node);
      }),
    );
  });
});

describe('encodeParams', () => {
  it('writes booleans as 1/0, repeats array keys and drops undefined', () => {
    const encoded = encodeParams({ a: true, b: false, c: ['x', 'y z'], d: undefined, e: 5 });
    expect(encoded).toBe('a=1&b=0&c=x&c=y%20z&e=5');
  });

  it('round-trips any string through a standard form decoder', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (key, value) => {
        const decoded = new URLSearchParams(encodeParams({ [key]: value }));
        expect(decoded.getAll(key)).toEqual([value]);
      }),
    );
  });

  it.each([
    [{ net0: { model: 'virtio' } }, /a object cannot be sent/],
    [{ memory: Number.NaN }, /NaN has no wire form/],
  ])('refuses %j with a typed error', (params, message) => {
    expect(() => encodeParams(params as never)).toThrow(ProxmoxParameterError);
    expect(() => encodeParams(params as never)).toThrow(message);
  });
});

describe('over the wire (simulator in memory)', () => {
  const sim = simulator();
  afterEach(() => sim.faults.clear());
  const client = new ProxmoxClient({
    baseUrl: 'https://pve1:8006',
    fetch: memoryFetch(sim),
    auth: { username: 'root@pam', password: ROOT_PASSWORD },
  });

  it('sends GET parameters in the query string, booleans as 1/0, and no body', async () => {
    const users = await client.get<{ userid: string }[]>('/access/users', {
      enabled: true,
      full: false,
      unused: undefined,
    });
    expect(users.map((user) => user.userid)).toContain('root@pam');
    const [request] = received(sim, 'GET', '/access/users');
    expect(request?.query).toEqual({ enabled: '1', full: '0' });
    expect(request?.headers['content-type']).toBeUndefined();
  });

  it('sends POST parameters form-encoded, booleans as 1/0, and the server takes them', async () => {
    const created = await client.post<{ info: { privsep: number; comment?: string } }>(
      '/access/users/{userid}/token/{tokenid}',
      { userid: 'root@pam', tokenid: 'encoded', privsep: false, comment: 'a b&c=d' },
    );
    expect(created.info).toMatchObject({ privsep: 0, comment: 'a b&c=d' });
    const [request] = received(sim, 'POST', '/access/users/root%40pam/token/encoded');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.query).toEqual({});
  });

  it('unwraps `data` in request; requestEnvelope keeps the envelope', async () => {
    const envelope = await client.requestEnvelope('GET', '/version');
    expect(envelope.data).toEqual(await client.get('/version'));
    expect(envelope.data).toHaveProperty('release');
    expect(envelope).not.toHaveProperty('total');
  });
});

describe('decodeEnvelope', () => {
  it('keeps `total` where the server counts', () => {
    const body = JSON.stringify({ data: [{ n: 1, t: 'TASK OK' }], total: 1 });
    expect(decodeEnvelope('GET', '/x', body)).toEqual({ data: [{ n: 1, t: 'TASK OK' }], total: 1 });
  });

  it('refuses an answer that is not the JSON envelope', () => {
    expect(() => decodeEnvelope('GET', '/x', '<html>')).toThrow(ProxmoxResponseError);
    expect(() => decodeEnvelope('GET', '/x', '{"result":1}')).toThrow(/no `data` field/);
  });
});
