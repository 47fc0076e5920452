import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SimulatorError } from '../src/errors.js';
import { decodeUpid, encodeUpid, type UpidFields } from '../src/tasks/upid.js';

const sample: UpidFields = {
  node: 'pve1',
  pid: 0x1a2b3,
  pstart: 0xc0ffee,
  starttime: 0x6630a1b2,
  type: 'qmstart',
  id: '100',
  user: 'root@pam',
};

describe('encodeUpid', () => {
  test('writes the exact Proxmox format with upper-case, zero-padded hex', () => {
    expect(encodeUpid(sample)).toBe('UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:');
  });

  test('an empty id and a token user are allowed; pstart may take 9 digits', () => {
    const upid = encodeUpid({ ...sample, id: '', user: 'joe@pve!ci', pstart: 0x123456789 });
    expect(upid).toBe('UPID:pve1:0001A2B3:123456789:6630A1B2:qmstart::joe@pve!ci:');
  });

  test.each([
    ['node', { node: 'pve_1' }],
    ['node', { node: '-pve' }],
    ['pid', { pid: -1 }],
    ['pid', { pid: 0x100000000 }],
    ['starttime', { starttime: 1.5 }],
    ['type', { type: '' }],
    ['type', { type: 'qm:start' }],
    ['id', { id: 'a b' }],
    ['user', { user: 'a/b@pam' }],
  ])('rejects a bad %s with a typed error that names it', (field, change) => {
    const attempt = () => encodeUpid({ ...sample, ...change });
    expect(attempt).toThrow(SimulatorError);
    expect(attempt).toThrow(new RegExp(`^${field} `));
  });
});

describe('decodeUpid', () => {
  test('reads every field back', () => {
    expect(decodeUpid('UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:')).toEqual(
      sample,
    );
  });

  test('accepts lower-case hex, as the Proxmox pattern does', () => {
    expect(decodeUpid('UPID:pve1:0001a2b3:00c0ffee:6630a1b2:qmstart:100:root@pam:')).toEqual(
      sample,
    );
  });

  test.each([
    'UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam',
    'upid:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:',
    'UPID:pve1:1A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:',
    'UPID:pve1:0001A2B3:00C0FFE:6630A1B2:qmstart:100:root@pam:',
    'UPID:pve1:0001A2B3:00C0FFEE:6630A1B2G:qmstart:100:root@pam:',
    'UPID:pve1:0001A2B3:00C0FFEE:6630A1B2::100:root@pam:',
    'UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100::',
    'UPID:pve-:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:',
    'UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qm/start:100:root@pam:',
    ' UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:',
    '',
  ])('rejects %j', (upid) => {
    expect(decodeUpid(upid)).toBeUndefined();
  });

  test('any valid fields survive a round trip', () => {
    const text = fc.stringMatching(/^[^:\s/]+$/);
    const fields = fc.record({
      node: fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?$/),
      pid: fc.integer({ min: 0, max: 0xffffffff }),
      pstart: fc.integer({ min: 0, max: 0xfffffffff }),
      starttime: fc.integer({ min: 0, max: 0xffffffff }),
      type: text,
      id: fc.oneof(fc.constant(''), text),
      user: text,
    });
    fc.assert(
      fc.property(fields, (value) => {
        expect(decodeUpid(encodeUpid(value))).toEqual(value);
      }),
    );
  });
});
