import fc from 'fast-check';
import { validateParameters } from 'pvekit/formats';
import { endpoints } from 'pvekit/metadata';
import { describe, expect, test } from 'vitest';
import { HttpError } from '../src/router/http-error.js';
import { checkParameters } from '../src/router/validate.js';

// The router validates a cut-down spec (given and required parameters only) for speed; these
// properties hold it to the full-spec answer of pvekit/formats for any bag of parameters.
const KEYS = [
  'PUT /nodes/{node}/qemu/{vmid}/config',
  'POST /nodes/{node}/lxc',
  'PUT /access/acl',
  'GET /nodes/{node}/tasks',
  'POST /cluster/bulk-action/guest/start',
] as const;

function routerErrors(key: (typeof KEYS)[number], params: Record<string, unknown>) {
  const spec = endpoints[key];
  if (spec === undefined) throw new Error(`${key} is not in the metadata`);
  try {
    checkParameters(spec, params);
    return undefined;
  } catch (error) {
    if (error instanceof HttpError && error.status === 400) return error.errors;
    throw error;
  }
}

function nameCandidates(key: (typeof KEYS)[number]): string[] {
  const spec = endpoints[key];
  const indexed = Object.entries(spec?.indexedParams ?? {}).flatMap(([base, { max }]) => [
    `${base}0`,
    `${base}${max}`,
    `${base}${max + 1}`,
  ]);
  return [...Object.keys(spec?.params ?? {}), ...indexed, 'colour', '_dc2'];
}

const wireValue = fc.oneof(
  fc.constantFrom('1', '0', 'true', '100', '-5', '4.5', '', 'pve1', 'virtio,bridge=vmbr0'),
  fc.constantFrom('local-lvm:4', 'root@pam', 'PVEAuditor,PVEVMUser', 'qmstart', 'x'.repeat(300)),
  fc.integer({ min: -10, max: 1_000_000 }),
  fc.boolean(),
  fc.array(fc.constantFrom('100', '101', 'abc', 'root@pam'), { minLength: 1, maxLength: 3 }),
);

describe('validation of the router against pvekit/formats', () => {
  test.each(KEYS)('%s: the same 400 errors, or none, for any parameters', (key) => {
    const names = nameCandidates(key);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), wireValue, { maxKeys: 6 }), (params) => {
        const spec = endpoints[key];
        if (spec === undefined) throw new Error(`${key} is not in the metadata`);
        expect(routerErrors(key, params)).toEqual(validateParameters(spec, params));
      }),
      { numRuns: 150 },
    );
  });
});
