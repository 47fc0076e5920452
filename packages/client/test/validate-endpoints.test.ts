import { describe, expect, it } from 'vitest';
import { propertyFormats, validateParameters } from '../src/formats/index.js';
import { endpoints } from '../src/generated/endpoints.gen.js';
import type { EndpointSpec, ValueSpec } from '../src/metadata/spec.js';

function endpoint(route: string): EndpointSpec {
  const spec = endpoints[route];
  if (!spec) throw new Error(`no generated endpoint ${route}`);
  return spec;
}

/** Every value spec of every endpoint, parameters and returns, nested ones included. */
function* valueSpecs(): Generator<ValueSpec> {
  const walk = function* (spec: ValueSpec): Generator<ValueSpec> {
    yield spec;
    if (spec.items) yield* walk(spec.items);
    for (const child of Object.values(spec.properties ?? {})) yield* walk(child);
  };
  for (const spec of Object.values(endpoints)) {
    for (const param of Object.values(spec.params)) yield* walk(param);
    for (const indexed of Object.values(spec.indexedParams ?? {})) yield* walk(indexed.spec);
    yield* walk(spec.returns);
  }
}

describe('validateParameters on the generated endpoint metadata', () => {
  it('finds every property format the metadata names in the format catalog', () => {
    const named = new Set<string>();
    for (const spec of valueSpecs()) if (spec.propertyFormat) named.add(spec.propertyFormat);
    expect(named.size).toBeGreaterThan(40);
    expect([...named].filter((id) => !(id in propertyFormats))).toEqual([]);
  });

  it('accepts a realistic VM creation', () => {
    const createVm = endpoint('POST /nodes/{node}/qemu');
    const params = {
      node: 'pve1',
      vmid: 123,
      name: 'web-1',
      memory: '4096',
      cores: 2,
      cpu: 'x86-64-v2-AES',
      scsihw: 'virtio-scsi-single',
      scsi0: 'local-lvm:32,iothread=1,discard=on',
      ide2: 'local:iso/debian-12.iso,media=cdrom',
      net0: 'virtio,bridge=vmbr0,firewall=1',
      ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1',
      boot: 'order=scsi0;ide2;net0',
      agent: '1',
      onboot: 1,
      tags: 'prod;web',
    };
    expect(validateParameters(createVm, params)).toBeUndefined();
  });

  it('answers a bad VM creation the way Proxmox words its 400', () => {
    const createVm = endpoint('POST /nodes/{node}/qemu');
    const errors = validateParameters(createVm, {
      node: 'pve1',
      vmid: '12',
      cores: 'two',
      net0: 'virtio,bridge=vmbr0,colour=red',
      ipconfig0: 'gw=10.0.0.1',
      bogus: 1,
    });
    expect(errors).toEqual({
      vmid: 'invalid format - value does not look like a valid VM ID\n',
      cores: "type check ('integer') failed - got 'two'",
      net0: 'invalid format - invalid key in comma-separated list property: colour\n',
      ipconfig0:
        'invalid format - format error\n' +
        "ipconfig0.ip: missing property - 'ipconfig0.gw' requires this property\n",
      bogus:
        'property is not defined in schema and the schema does not allow additional properties',
    });
  });

  it('checks a container mount point and its required path', () => {
    const createCt = endpoint('POST /nodes/{node}/lxc');
    const base = { node: 'pve1', vmid: 200, ostemplate: 'local:vztmpl/debian-12.tar.zst' };
    expect(validateParameters(createCt, { ...base, mp0: 'local-lvm:8,mp=/data' })).toBe(undefined);
    expect(validateParameters(createCt, { ...base, mp0: 'local-lvm:8' })).toEqual({
      mp0: 'invalid format - format error\nmp0.mp: property is missing and it is not optional\n',
    });
  });
});
