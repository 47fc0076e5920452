import { describe, expect, test } from 'vitest';
import { parseFault, SimulatorError, startSimulator } from '../src/index.js';

describe('the --fault text form', () => {
  test('reads every kind with its value and limits', () => {
    expect(parseFault('drop')).toEqual({ kind: 'drop' });
    expect(parseFault('delay=250,method=get')).toEqual({ kind: 'delay', ms: 250, method: 'GET' });
    expect(parseFault('delay=100-400')).toEqual({ kind: 'delay', ms: [100, 400] });
    expect(parseFault('status=596,path=/nodes/*/qemu/**,rate=0.1,times=3')).toEqual({
      kind: 'status',
      status: 596,
      path: '/nodes/*/qemu/**',
      rate: 0.1,
      times: 3,
    });
    expect(parseFault('lock,path=/nodes/pve1/lxc/**')).toEqual({
      kind: 'lock',
      path: '/nodes/pve1/lxc/**',
    });
    expect(parseFault('auth-delay')).toEqual({ kind: 'auth-delay' });
    expect(parseFault('auth-delay=500,path=/access/ticket')).toEqual({
      kind: 'auth-delay',
      ms: 500,
      path: '/access/ticket',
    });
    expect(parseFault('upid=2')).toEqual({ kind: 'upid', reads: 2 });
    expect(parseFault('drift=vmid+maxmem')).toEqual({ kind: 'drift', fields: ['vmid', 'maxmem'] });
    expect(parseFault('status=503,message=maintenance window')).toEqual({
      kind: 'status',
      status: 503,
      message: 'maintenance window',
    });
  });

  test('says what is wrong, as a typed error', () => {
    const failure = (text: string) => {
      try {
        parseFault(text);
      } catch (error) {
        expect(error).toBeInstanceOf(SimulatorError);
        return (error as Error).message;
      }
      throw new Error(`'${text}' was accepted`);
    };
    expect(failure('status')).toContain('status needs a value: status=…');
    expect(failure('status=abc')).toContain("status must be a number, got 'abc'");
    expect(failure('status=700')).toContain('HTTP status 200-599');
    expect(failure('drop=1')).toContain('drop takes no value');
    expect(failure('drop,colour=red')).toContain("unknown key 'colour'");
    expect(failure('drop,path=')).toContain("'path' needs a value");
    expect(failure('explode')).toContain("unknown kind 'explode'");
  });

  test('startSimulator switches text and object faults on before it listens', async () => {
    const run = await startSimulator({
      http: true,
      faults: ['status=503,path=/version,times=1', { kind: 'drop', path: '/nodes' }],
    });
    try {
      expect(run.simulator.faults.list().map((fault) => fault.kind)).toEqual(['status', 'drop']);
      expect((await fetch(`${run.url}/api2/json/version`)).status).toBe(503);
      await expect(fetch(`${run.url}/api2/json/nodes`)).rejects.toThrow('fetch failed');
    } finally {
      await run.close();
    }
  });

  test('startSimulator refuses a bad fault, and clear HTTP off loopback, up front', async () => {
    await expect(startSimulator({ faults: ['status=42'] })).rejects.toThrow('HTTP status');
    await expect(startSimulator({ http: true, host: '0.0.0.0' })).rejects.toThrow(
      "only on a loopback host (127.0.0.1, ::1), got '0.0.0.0'",
    );
  });
});
