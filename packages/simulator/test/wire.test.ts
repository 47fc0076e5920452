import { connect } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { ManualTaskClock, type Simulator, type SimulatorListener } from '../src/index.js';
import { simulator } from './helpers.js';

// Exact bytes on the wire, read from a plain-HTTP listener with a raw socket: the status
// line (whose reason phrase carries Proxmox's message), headers and body as sent.
let sim: Simulator;
let listener: SimulatorListener;
let token: string;

afterEach(async () => {
  await sim.close();
});

async function start(): Promise<void> {
  sim = simulator({ taskClock: new ManualTaskClock(Date.UTC(2026, 0, 15, 12, 0, 0)) });
  listener = await sim.listen({ http: true });
  const created = await sim.access.createToken('root@pam', 'wire', { privsep: false });
  token = `PVEAPIToken=${created.tokenId}=${created.secret}`;
}

interface RawAnswer {
  statusLine: string;
  headers: Record<string, string>;
  body: string;
}

function raw(request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(listener.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({ statusLine, headers, body: rest.join('\r\n\r\n') });
    });
  });
}

function request(
  method: string,
  path: string,
  extra: string[] = [],
  body = '',
): Promise<RawAnswer> {
  const lines = [
    `${method} /api2/json${path} HTTP/1.1`,
    'Host: pve1:8006',
    'Connection: close',
    `Authorization: ${token}`,
    ...extra,
  ];
  if (body !== '') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return raw(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const FORM = 'Content-Type: application/x-www-form-urlencoded';

describe('the wire, byte for byte', () => {
  test('a success: 200 OK, pve-api-daemon, JSON with data', async () => {
    await start();
    const answer = await request('GET', '/version');
    expect(answer.statusLine).toBe('HTTP/1.1 200 OK');
    expect(answer.headers.server).toBe('pve-api-daemon/3.0');
    expect(answer.headers['content-type']).toBe(JSON_TYPE);
    expect(answer.headers.pragma).toBe('no-cache');
    expect(answer.headers['cache-control']).toBe('max-age=0');
    expect(JSON.parse(answer.body)).toEqual({
      data: { version: expect.any(String), release: '9.1', repoid: expect.any(String) },
    });
  });

  test('a 400 names the failure in its status line and each parameter in errors', async () => {
    await start();
    const answer = await request('POST', '/nodes/pve1/qemu', [FORM], 'vmid=42&cores=x&colour=1');
    expect(answer.statusLine).toBe('HTTP/1.1 400 Parameter verification failed.');
    expect(answer.headers['content-type']).toBe(JSON_TYPE);
    expect(JSON.parse(answer.body)).toEqual({
      data: null,
      message: 'Parameter verification failed.\n',
      errors: {
        vmid: 'invalid format - value does not look like a valid VM ID\n',
        cores: "type check ('integer') failed - got 'x'",
        colour:
          'property is not defined in schema and the schema does not allow additional properties',
      },
    });
  });

  test('the two 501s: no such endpoint, and an endpoint the simulator does not model', async () => {
    await start();
    const unknown = await request('GET', '/nodes/pve1/nonsense');
    expect(unknown.statusLine).toBe(
      "HTTP/1.1 501 Method 'GET /nodes/pve1/nonsense' not implemented",
    );
    expect(JSON.parse(unknown.body)).toEqual({
      data: null,
      message: "Method 'GET /nodes/pve1/nonsense' not implemented\n",
    });
    const unmodelled = await request('GET', '/nodes/pve1/ceph/status');
    const message =
      "Method 'GET /nodes/{node}/ceph/status' is not implemented by the pvekit simulator";
    expect(unmodelled.statusLine).toBe(`HTTP/1.1 501 ${message}`);
    expect(JSON.parse(unmodelled.body)).toEqual({ data: null, message: `${message}\n` });
  });

  test('refusals before any handler (401 no credentials, 501 GET body) have no body', async () => {
    await start();
    const anonymous = await raw(
      'GET /api2/json/version HTTP/1.1\r\nHost: pve1\r\nConnection: close\r\n\r\n',
    );
    expect(anonymous.statusLine).toBe('HTTP/1.1 401 No ticket');
    expect(anonymous.headers.server).toBe('pve-api-daemon/3.0');
    expect(anonymous.body).toBe('');

    const withBody = await request('GET', '/version', [FORM], 'a=1');
    expect(withBody.statusLine).toBe("HTTP/1.1 501 Unexpected content for method 'GET'");
    expect(withBody.body).toBe('');
  });

  test('a 403 carries the failed check in its status line', async () => {
    await start();
    const created = await sim.access.createToken('root@pam', 'narrow', { privsep: true });
    token = `PVEAPIToken=${created.tokenId}=${created.secret}`;
    const answer = await request('GET', '/nodes/pve1/status');
    expect(answer.statusLine).toBe('HTTP/1.1 403 Permission check failed (/nodes/pve1, Sys.Audit)');
    expect(JSON.parse(answer.body)).toEqual({
      data: null,
      message: 'Permission check failed (/nodes/pve1, Sys.Audit)\n',
    });
  });

  test('a task-starting call answers a UPID naming node, type, id and the token', async () => {
    await start();
    const answer = await request('POST', '/nodes/pve1/qemu', [FORM], 'vmid=100&name=wire');
    expect(answer.statusLine).toBe('HTTP/1.1 200 OK');
    const upid = (JSON.parse(answer.body) as { data: string }).data;
    expect(upid).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmcreate:100:root@pam!wire:$/,
    );
    // pstart may run to 9 hex digits (pve-common UPID.pm); the start time is the task clock's.
    const seconds = Number.parseInt(upid.split(':')[4] ?? '', 16);
    expect(seconds).toBe(Date.UTC(2026, 0, 15, 12, 0, 0) / 1000);
  });
});
