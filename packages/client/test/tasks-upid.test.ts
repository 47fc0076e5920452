import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProxmoxError, ProxmoxUpidError, parseUpid } from '../src/index.js';
import { simulator } from './helpers/simulator.js';

describe('parseUpid', () => {
  it('decodes every field of a UPID, numbers from hex', () => {
    const upid = 'UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:';
    expect(parseUpid(upid)).toEqual({
      upid,
      node: 'pve1',
      pid: 0x0001a2b3,
      pstart: 0x00c0ffee,
      starttime: 0x6630a1b2,
      type: 'qmstart',
      id: '100',
      user: 'root@pam',
    });
  });

  it('splits a token id into user and tokenid, and allows an empty id and a 9-digit pstart', () => {
    const parsed = parseUpid('UPID:node-2:0000000A:1000000FF:6630A1B2:aptupdate::ops@pve!ci:');
    expect(parsed).toMatchObject({ node: 'node-2', id: '', user: 'ops@pve', tokenid: 'ci' });
    expect(parsed.pstart).toBe(0x1000000ff);
  });

  it('reads the UPIDs the simulator hands out', () => {
    const sim = simulator();
    const upid = sim.tasks.start({ type: 'vzdump', id: '101', user: 'root@pam!backup' });
    expect(parseUpid(upid)).toMatchObject({
      node: 'pve1',
      type: 'vzdump',
      id: '101',
      user: 'root@pam',
      tokenid: 'backup',
    });
  });

  it.each([
    ['PID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:', "does not start with 'UPID:'"],
    ['UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam', "does not end with ':'"],
    ['UPID:pve1:0001A2B3:00C0FFEE:qmstart:100:root@pam:', 'has 6 fields, not 7'],
    ['UPID:-pve:0001A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:', "node '-pve'"],
    ['UPID:pve1:1A2B3:00C0FFEE:6630A1B2:qmstart:100:root@pam:', "pid '1A2B3'"],
    ['UPID:pve1:0001A2B3:C0FFEE:6630A1B2:qmstart:100:root@pam:', "pstart 'C0FFEE'"],
    ['UPID:pve1:0001A2B3:00C0FFEE:6630A1G2:qmstart:100:root@pam:', "starttime '6630A1G2'"],
    ['UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qm start:100:root@pam:', 'space or a slash'],
    ['UPID:pve1:0001A2B3:00C0FFEE:6630A1B2:qmstart:100::', 'user is empty'],
  ])('refuses %s, saying why', (upid, why) => {
    const error = captureError(() => parseUpid(upid));
    expect(error).toBeInstanceOf(ProxmoxUpidError);
    expect(error).toBeInstanceOf(ProxmoxError);
    expect(error).toMatchObject({ code: 'invalid_upid', upid });
    expect((error as Error).message).toContain(why);
  });

  it('decodes any well-formed UPID back to the values it was built from', () => {
    const hex = (digits: number) => fc.integer({ min: 0, max: 16 ** digits - 1 });
    const field = fc.stringMatching(/^[^:\s/]{1,12}$/);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/),
        hex(8),
        hex(9),
        hex(8),
        field,
        field.filter((value) => !value.includes('!')),
        (node, pid, pstart, starttime, type, user) => {
          const pad = (value: number, width: number) =>
            value.toString(16).toUpperCase().padStart(width, '0');
          const numbers = `${pad(pid, 8)}:${pad(pstart, 9)}:${pad(starttime, 8)}`;
          const upid = `UPID:${node}:${numbers}:${type}:7:${user}:`;
          expect(parseUpid(upid)).toEqual({
            upid,
            node,
            pid,
            pstart,
            starttime,
            type,
            id: '7',
            user,
          });
        },
      ),
    );
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
