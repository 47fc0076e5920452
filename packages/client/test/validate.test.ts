import { describe, expect, it } from 'vitest';
import { validateParameters } from '../src/formats/index.js';
import type { EndpointSpec } from '../src/metadata/spec.js';

/** A slice of `POST /nodes/{node}/qemu` (create_vm) as the 9.1 schema describes it. */
const createVm: EndpointSpec = {
  method: 'POST',
  path: '/nodes/{node}/qemu',
  name: 'create_vm',
  params: {
    node: { type: 'string', format: 'pve-node' },
    vmid: { type: 'integer', format: 'pve-vmid', minimum: 100, maximum: 999999999 },
    name: { type: 'string', format: 'dns-name', optional: true },
    memory: { type: 'string', optional: true, propertyFormat: 'qemu-memory' },
    cores: { type: 'integer', minimum: 1, optional: true, default: 1 },
    ostype: {
      type: 'string',
      optional: true,
      enum: ['other', 'wxp', 'w2k', 'l24', 'l26', 'solaris'],
    },
    onboot: { type: 'boolean', optional: true },
    description: { type: 'string', maxLength: 8192, optional: true },
    tags: { type: 'string', format: 'pve-tag-list', optional: true },
    ipconfig: { type: 'string', optional: true, format: 'pve-qm-ipconfig' },
    sshkeys: { type: 'string', format: 'urlencoded', optional: true },
    balloon: { type: 'integer', minimum: 0, optional: true },
    shares: { type: 'integer', minimum: 0, maximum: 50000, optional: true, requires: 'balloon' },
    cpulimit: { type: 'number', minimum: 0, maximum: 128, optional: true },
    serial0: { type: 'string', pattern: '^(?:(?:/dev/.+|socket))$', optional: true },
    bwlimit: { type: 'integer', minimum: 0, optional: true },
  },
  indexedParams: {
    net: { max: 31, spec: { type: 'string', optional: true, propertyFormat: 'qemu-net' } },
  },
  additionalParams: false,
  returns: { type: 'string' },
  allowtoken: true,
  protected: false,
  proxyto: 'node',
  returnsUpid: true,
};

/** A slice of `PUT /cluster/notifications/endpoints/sendmail/{name}`: a real array parameter. */
const updateSendmail: EndpointSpec = {
  method: 'PUT',
  path: '/cluster/notifications/endpoints/sendmail/{name}',
  name: 'update_sendmail_endpoint',
  params: {
    name: { type: 'string', format: 'pve-configid' },
    mailto: {
      type: 'array',
      optional: true,
      items: { type: 'string', format: 'email-or-username' },
    },
    delete: { type: 'array', optional: true, items: { type: 'string', maxLength: 50 } },
    'from-address': { type: 'string', optional: true, maxLength: 40 },
  },
  additionalParams: false,
  returns: { type: 'null' },
  allowtoken: true,
  protected: true,
};

const base = { node: 'pve1', vmid: 100 };

describe('validateParameters', () => {
  it('accepts a valid call, as wire text and as JS values', () => {
    const wire = { node: 'pve1', vmid: '100', onboot: '1', cores: '4', cpulimit: '1.5' };
    expect(validateParameters(createVm, wire)).toBeUndefined();
    const js = { ...base, onboot: true, cores: 4, net0: 'virtio,bridge=vmbr0', ostype: 'l26' };
    expect(validateParameters(createVm, js)).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    [
      'a required parameter is missing',
      { node: 'pve1' },
      {
        vmid: 'property is missing and it is not optional',
      },
    ],
    [
      'an unknown parameter',
      { ...base, colour: 'red' },
      {
        colour:
          'property is not defined in schema and the schema does not allow additional properties',
      },
    ],
    [
      'an index beyond the maximum',
      { ...base, net32: 'virtio' },
      {
        net32:
          'property is not defined in schema and the schema does not allow additional properties',
      },
    ],
    [
      'an integer that is no integer',
      { ...base, cores: 'abc' },
      {
        cores: "type check ('integer') failed - got 'abc'",
      },
    ],
    [
      'a fractional integer',
      { ...base, cores: 1.5 },
      {
        cores: "type check ('integer') failed - got '1.5'",
      },
    ],
    [
      'a form boolean spelled true',
      { ...base, onboot: 'true' },
      {
        onboot: "type check ('boolean') failed - got 'true'",
      },
    ],
    [
      'a number that is no number',
      { ...base, cpulimit: '1,5' },
      {
        cpulimit: "type check ('number') failed - got '1,5'",
      },
    ],
    [
      'a value below the minimum',
      { ...base, vmid: 99 },
      {
        vmid: 'invalid format - value does not look like a valid VM ID\n',
      },
    ],
    [
      'a value above the maximum',
      { ...base, cpulimit: 129 },
      {
        cpulimit: 'value must have a maximum value of 128',
      },
    ],
    [
      'a negative balloon',
      { ...base, balloon: -1 },
      {
        balloon: 'value must have a minimum value of 0',
      },
    ],
    [
      'a string that is too long',
      { ...base, description: 'x'.repeat(8193) },
      {
        description: 'value may only be 8192 characters long',
      },
    ],
    [
      'a value not matching the pattern',
      { ...base, serial0: 'tcp' },
      {
        serial0: 'value does not match the regex pattern',
      },
    ],
    [
      'a value outside the enumeration',
      { ...base, ostype: 'win11x' },
      {
        ostype:
          "value 'win11x' does not have a value in the enumeration " +
          "'other, wxp, w2k, l24, l26, solaris'",
      },
    ],
    [
      'a named format',
      { ...base, name: 'my_vm' },
      {
        name: 'invalid format - value does not look like a valid DNS name\n',
      },
    ],
    [
      'a list format entry',
      { ...base, tags: 'prod;no/slash' },
      {
        tags: 'invalid format - invalid characters in tag\n',
      },
    ],
    [
      'a parameter another one requires',
      { ...base, shares: 100 },
      {
        balloon: "missing property - 'shares' requires this property",
      },
    ],
  ])('reports %s as Proxmox does', (_what, params, expected) => {
    expect(validateParameters(createVm, params)).toEqual(expected);
  });

  it('nests property-string errors under the parameter name', () => {
    const errors = validateParameters(createVm, { ...base, net0: 'model=rtl8029,tag=0' });
    expect(errors).toEqual({
      net0:
        'invalid format - format error\n' +
        "net0.model: value 'rtl8029' does not have a value in the enumeration " +
        "'e1000, e1000-82540em, e1000-82544gc, e1000-82545em, e1000e, i82551, i82557b, " +
        "i82559er, ne2k_isa, ne2k_pci, pcnet, rtl8139, virtio, vmxnet3'\n" +
        'net0.tag: value must have a minimum value of 1\n',
    });
  });

  it('reports parser failures inside property strings', () => {
    expect(validateParameters(createVm, { ...base, net1: 'virtio,speed=10' })).toEqual({
      net1: 'invalid format - invalid key in comma-separated list property: speed\n',
    });
    expect(validateParameters(createVm, { ...base, ipconfig: 'gw=10.0.0.1' })).toEqual({
      ipconfig:
        'invalid format - format error\n' +
        "ipconfig.ip: missing property - 'ipconfig.gw' requires this property\n",
    });
  });

  it('collects every failing parameter at once', () => {
    const errors = validateParameters(createVm, { node: 'bad node!', vmid: 'x', cores: 0 });
    expect(Object.keys(errors ?? {}).sort()).toEqual(['cores', 'node', 'vmid']);
    expect(errors?.node).toBe('invalid format - value does not look like a valid node name\n');
    expect(errors?.cores).toBe('value must have a minimum value of 1');
  });

  it('checks arrays item by item and wraps a single value as Proxmox does', () => {
    const name = { name: 'mail1' };
    expect(validateParameters(updateSendmail, { ...name, mailto: ['root@pam', 'a@b.c'] })).toBe(
      undefined,
    );
    expect(validateParameters(updateSendmail, { ...name, mailto: 'root@pam' })).toBeUndefined();
    expect(validateParameters(updateSendmail, { ...name, mailto: ['ok', 'no way'] })).toEqual({
      'mailto[1]': 'invalid format - value does not look like a valid email address or user name\n',
    });
    expect(validateParameters(updateSendmail, { ...name, 'from-address': ['a'] })).toEqual({
      'from-address': "type check ('string') failed - got ARRAY",
    });
  });

  it('joins an array sent for a -list parameter, as the legacy normaliser does', () => {
    expect(validateParameters(createVm, { ...base, tags: ['prod', 'web'] })).toBeUndefined();
    expect(validateParameters(createVm, { ...base, tags: ['prod', 'we b!'] })).toEqual({
      tags: 'invalid format - invalid characters in tag\n',
    });
  });

  it('treats null and undefined as absent', () => {
    expect(validateParameters(createVm, { ...base, name: undefined, cores: null })).toBe(undefined);
  });

  it('accepts sshkeys only in the percent-encoded form', () => {
    expect(validateParameters(createVm, { ...base, sshkeys: 'ssh-ed25519%20AAAA' })).toBe(
      undefined,
    );
    expect(validateParameters(createVm, { ...base, sshkeys: 'ssh-ed25519 AAAA' })).toEqual({
      sshkeys: 'invalid format - invalid urlencoded string: ssh-ed25519 AAAA\n',
    });
  });
});
