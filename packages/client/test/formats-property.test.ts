import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPropertyString,
  type PropertyFormatSpec,
  type PropertyKeySpec,
  PropertyStringError,
  type PropertyValues,
  parsePropertyString,
  propertyFormats,
} from '../src/formats/index.js';

const word = '[a-z][a-z0-9-]{0,10}[a-z0-9]';
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.'));
const ipv6 = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
  .map((groups) => groups.map((group) => group.toString(16)).join(':'));
const volume = fc.stringMatching(
  new RegExp(`^${word}:(?:vm-[1-9][0-9]{2}-disk-[0-9]|iso/${word}\\.iso)$`),
);
const storageId = fc.stringMatching(new RegExp(`^${word}$`));
const domain = fc.stringMatching(/^(?:[a-z][a-z0-9]{0,8}\.){1,3}[a-z]{2,6}$/);
const path = fc.stringMatching(/^(?:\/[a-z0-9_]{1,8}){1,4}$/);

/** Valid text for each named format that appears inside a generated property-string spec. */
const namedArbitraries: Readonly<Record<string, fc.Arbitrary<string>>> = {
  CIDR: fc.oneof(
    fc.tuple(ipv4, fc.integer({ min: 8, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
    fc.tuple(ipv6, fc.integer({ min: 8, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
  ),
  CIDRv4: fc.tuple(ipv4, fc.integer({ min: 8, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
  CIDRv6: fc.tuple(ipv6, fc.integer({ min: 8, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
  address: fc.oneof(ipv4, ipv6, domain),
  'disk-size': fc
    .tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom('', 'K', 'M', 'G', 'T'))
    .map(([n, unit]) => `${n}${unit}`),
  ipv4,
  ipv6,
  'mac-addr': fc
    .tuple(fc.integer({ min: 0, max: 127 }), fc.array(octet, { minLength: 5, maxLength: 5 }))
    .map(([first, rest]) =>
      [first * 2, ...rest].map((byte) => byte.toString(16).padStart(2, '0')).join(':'),
    ),
  'pve-acme-alias': domain,
  'pve-acme-domain': domain,
  'pve-acme-domain-list': fc.array(domain, { minLength: 1, maxLength: 3 }).map((d) => d.join(';')),
  'pve-bridge-id': fc.stringMatching(/^vmbr[0-9]{1,3}$/),
  'pve-configid': fc.stringMatching(/^[a-z][a-z0-9_-]{1,12}$/),
  'pve-iface': fc.stringMatching(/^[a-z][a-z0-9_]{1,10}$/),
  'pve-ipv4-config': fc.oneof(
    fc.constantFrom('dhcp', 'manual'),
    fc.tuple(ipv4, fc.integer({ min: 8, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
  ),
  'pve-ipv6-config': fc.oneof(
    fc.constantFrom('auto', 'dhcp', 'manual'),
    fc.tuple(ipv6, fc.integer({ min: 8, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
  ),
  'pve-lxc-dev-string': path.map((p) => `/dev${p}`),
  'pve-lxc-mp-string': path,
  'pve-node': fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/),
  'pve-phys-bits': fc.oneof(fc.constant('host'), fc.integer({ min: 8, max: 64 }).map(String)),
  'pve-qm-bootdev-list': fc
    .array(fc.constantFrom('scsi0', 'ide2', 'net0', 'virtio1', 'sata3', 'usb0', 'hostpci1'), {
      minLength: 1,
      maxLength: 4,
    })
    .map((devices) => devices.join(';')),
  'pve-storage-id': storageId,
  'pve-storage-path-in-property-string': path,
  'pve-volume-id': volume,
  'pve-volume-id-or-absolute-path': fc.oneof(volume, path),
  'pve-volume-id-or-qm-path': fc.oneof(volume, path, fc.constant('none')),
  urlencoded: fc.stringMatching(/^[a-zA-Z0-9_.~%-]{1,20}$/),
};

/** Text Proxmox can carry in a property string: no commas, no control characters. */
const plainText = fc.stringMatching(/^[A-Za-z0-9_.:/+@-][A-Za-z0-9 _.:/+@=-]{0,15}$/);

function keyArbitrary(entry: PropertyKeySpec): fc.Arbitrary<string | number | boolean> {
  if (entry.type === 'boolean') return fc.boolean();
  if (entry.enum) return fc.constantFrom(...entry.enum.filter((member) => !member.includes(',')));
  if (entry.type === 'integer' || entry.type === 'number') {
    const min = entry.minimum ?? -1000;
    const max = entry.maximum ?? min + 100_000;
    if (entry.type === 'integer') return fc.integer({ min, max });
    return fc.integer({ min: Math.ceil(min * 4), max: Math.floor(max * 4) }).map((n) => n / 4 + 0);
  }
  let text: fc.Arbitrary<string> = plainText;
  if (entry.format) {
    const named = namedArbitraries[entry.format];
    if (!named) throw new Error(`no arbitrary for named format '${entry.format}'`);
    text = named;
  } else if (entry.pattern) {
    // fast-check cannot generate from a case-insensitive regex; the case-sensitive one gives
    // a subset of the valid values, which the real pattern then still accepts.
    const real = new RegExp(entry.pattern, entry.patternFlags ?? '');
    text = fc.stringMatching(new RegExp(entry.pattern)).filter((value) => real.test(value));
  }
  return text.filter(
    (value) =>
      value.trim() !== '' &&
      !value.includes(',') &&
      !/\p{Cc}/u.test(value) &&
      [...value].length <= (entry.maxLength ?? Number.POSITIVE_INFINITY) &&
      [...value].length >= (entry.minLength ?? 0),
  );
}

/** Named formats with a validator on top of their keys (see `format-validators.ts`). */
const fixups: Readonly<Record<string, (values: PropertyValues) => PropertyValues>> = {
  'prune-backups': ({ 'keep-all': keepAll, ...rest }) => (keepAll ? { 'keep-all': true } : rest),
  'pve-vm-cpu-conf': (values) => ({ cputype: 'host', ...values }),
};

function valuesArbitrary(id: string, spec: PropertyFormatSpec): fc.Arbitrary<PropertyValues> {
  const entries = Object.entries(spec.keys).flatMap(([key, entry]) =>
    'type' in entry ? [[key, entry] as const] : [],
  );
  const model: Record<string, fc.Arbitrary<string | number | boolean>> = {};
  for (const [key, entry] of entries) model[key] = keyArbitrary(entry);
  const required = entries.filter(([, entry]) => !entry.optional).map(([key]) => key);
  return fc.record(model, { requiredKeys: required }).map((values) => {
    const closed: PropertyValues = { ...values } as PropertyValues;
    for (const [key, entry] of entries) {
      if (closed[key] !== undefined && entry.requires && closed[entry.requires] === undefined) {
        delete closed[key];
      }
    }
    return fixups[id]?.(closed) ?? closed;
  });
}

const formatIds = Object.keys(propertyFormats) as (keyof typeof propertyFormats)[];

describe('every generated property-string format', () => {
  it('covers the formats the schema uses (more than the 50 distinct inline ones)', () => {
    expect(formatIds.length).toBeGreaterThan(50);
  });

  it.each(formatIds)('%s: parse(format(v)) equals v, and canonical text round-trips', (id) => {
    const spec: PropertyFormatSpec = propertyFormats[id];
    fc.assert(
      fc.property(valuesArbitrary(id, spec), (values) => {
        const text = formatPropertyString(id, values);
        expect(parsePropertyString(id, text)).toEqual(values);
        expect(formatPropertyString(id, parsePropertyString(id, text))).toBe(text);
      }),
      { numRuns: 40 },
    );
  });

  it.each(formatIds)('%s: arbitrary text parses or fails with PropertyStringError', (id) => {
    const pieces = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(...Object.keys(propertyFormats[id].keys)).map((key) => `${key}=x`),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 4 }), (parts) => {
        try {
          parsePropertyString(id, parts.join(','), 'param');
        } catch (error) {
          expect(error).toBeInstanceOf(PropertyStringError);
          const failure = error as PropertyStringError;
          expect(Object.keys(failure.errors).length).toBeGreaterThan(0);
          expect(Object.keys(failure.errors).every((key) => key.startsWith('param'))).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });
});
