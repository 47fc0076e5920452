import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { bundledMetadata, paramSegmentName, staticSegmentName } from 'pvekit';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexedMax, UnknownIndexedParamError } from '../src/indexed.js';
import { loadSchema, parseSchemaText, SchemaSourceError } from '../src/schema-source.js';

const tree = [{ path: '/version', text: 'version', info: { GET: { name: 'a ] " [ {' } } }];
// A node serves it as a `const`; the reader takes `let` and `var` as well.
const script = `var apiSchema = ${JSON.stringify(tree, null, 1)};`;
const apidoc = `${script}\n\nlet method2cmd = { x: [1] };\n`;

describe('reading a schema', () => {
  it('takes plain JSON and the apidoc.js script a node serves', () => {
    expect(parseSchemaText(JSON.stringify(tree), 'file')).toEqual(tree);
    expect(parseSchemaText(apidoc, 'apidoc.js')).toEqual(tree);
  });

  it('says what is wrong with something that is not a schema', () => {
    expect(() => parseSchemaText('<html>login</html>', 'x')).toThrow(SchemaSourceError);
    expect(() => parseSchemaText('<html>login</html>', 'x')).toThrow(/https:\/\/<node>:8006/);
    expect(() => parseSchemaText(apidoc.slice(0, 60), 'cut')).toThrow(/never closes/);
  });
});

describe('fetching apidoc.js from a node over TLS', () => {
  let url = '';
  let fingerprint = '';
  const server = createServer();

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'pve1.pvekit.invalid' }], {
      keyType: 'ec',
      curve: 'P-256',
    });
    fingerprint = new X509Certificate(pems.cert).fingerprint256;
    server.setSecureContext({ cert: pems.cert, key: pems.private });
    server.on('request', (request, response) => {
      const found = request.url === '/pve-docs/api-viewer/apidoc.js';
      response.writeHead(found ? 200 : 404).end(found ? apidoc : 'no');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('refuses a self-signed certificate unless told to trust it', async () => {
    await expect(loadSchema(url)).rejects.toThrow();
    await expect(loadSchema(url, { insecure: true })).resolves.toEqual(tree);
  });

  it('accepts the pinned fingerprint and refuses any other', async () => {
    await expect(loadSchema(url, { fingerprint })).resolves.toEqual(tree);
    const wrong = fingerprint.replace(/^../, fingerprint.startsWith('00') ? '11' : '00');
    await expect(loadSchema(url, { fingerprint: wrong })).rejects.toThrow();
  });
});

describe('what the schema leaves implicit', () => {
  it('gives numbered keys the ranges of the Proxmox sources, by family of paths', () => {
    expect(indexedMax('/nodes/{node}/qemu/{vmid}/config', 'net')).toBe(31);
    expect(indexedMax('/nodes/{node}/qemu/{vmid}/config', 'scsi')).toBe(30);
    expect(indexedMax('/nodes/{node}/lxc/{vmid}/config', 'mp')).toBe(255);
    expect(indexedMax('/cluster/config/join', 'link')).toBe(7);
    expect(indexedMax('/nodes/{node}/config', 'acmedomain')).toBe(5);
    expect(() => indexedMax('/nodes/{node}/qemuextra', 'net')).toThrow(UnknownIndexedParamError);
    expect(() => indexedMax('/cluster/other', 'disk')).toThrow(/add it to INDEXED_RANGES/);
  });

  it('marks task starters, and not the string results that are something else', async () => {
    const endpoints = await bundledMetadata.loadEndpoints();
    const upid = (route: string) => endpoints[route]?.returnsUpid === true;
    expect(upid('POST /nodes/{node}/qemu/{vmid}/status/start')).toBe(true);
    expect(upid('POST /nodes/{node}/qemu/{vmid}/config')).toBe(true);
    expect(upid('PUT /cluster/ceph/flags')).toBe(true);
    expect(upid('PUT /nodes/{node}/qemu/{vmid}/config')).toBe(false);
    expect(upid('POST /nodes/{node}/qemu/{vmid}/monitor')).toBe(false);
    expect(upid('POST /nodes/{node}/storage/{storage}/content')).toBe(false);
    expect(upid('POST /nodes/{node}/wakeonlan')).toBe(false);
    expect(upid('GET /nodes/{node}/apt/changelog')).toBe(false);
  });

  it('converts Perl patterns to anchored JavaScript ones', async () => {
    const endpoints = await bundledMetadata.loadEndpoints();
    const id = endpoints['GET /cluster/replication/{id}']?.params.id;
    expect(id?.pattern).toBe('^(?:[1-9][0-9]{2,8}-\\d{1,9})$');
    const pattern = new RegExp(id?.pattern ?? '', id?.patternFlags);
    expect(pattern.test('100-0')).toBe(true);
    expect(pattern.test('x100-0')).toBe(false);
  });

  it('keeps net[n] once in indexedParams instead of 32 copies', async () => {
    const endpoints = await bundledMetadata.loadEndpoints();
    const config = endpoints['PUT /nodes/{node}/qemu/{vmid}/config'];
    expect(config?.indexedParams?.net?.max).toBe(31);
    expect(Object.keys(config?.params ?? {}).filter((key) => /^net\d/.test(key))).toEqual([]);
  });
});

describe('fluent names', () => {
  it('follows the documented rule', () => {
    expect(paramSegmentName('vmid')).toBe('vm');
    expect(paramSegmentName('userid')).toBe('user');
    expect(paramSegmentName('fabric_id')).toBe('fabric');
    expect(paramSegmentName('upid')).toBe('upid');
    expect(paramSegmentName('id')).toBe('id');
    expect(paramSegmentName('pci-id-or-mapping')).toBe('pciIdOrMapping');
    expect(staticSegmentName('move_disk')).toBe('moveDisk');
    expect(staticSegmentName('get-fsinfo')).toBe('getFsinfo');
  });
});
