import { createHash, X509Certificate } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterEach, describe, expect, test } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { ROOT_PASSWORD } from './helpers.js';

let run: RunningSimulator;
let agent: Agent | undefined;

afterEach(async () => {
  await agent?.close();
  agent = undefined;
  await run.close();
});

function trustingAgent(): Agent {
  agent = new Agent({ connect: { ca: run.certificate } });
  return agent;
}

// The raw answer, for what fetch hides or refuses: the reason phrase, a GET with a body.
function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; reason: string; headers: Record<string, unknown>; body: string }> {
  const url = new URL(path, run.url);
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      url,
      { method, headers, ca: run.certificate, agent: false },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            reason: response.statusMessage ?? '',
            headers: response.headers,
            body: text,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('the HTTPS listener', () => {
  test('serves the API over TLS to a client that trusts its certificate', async () => {
    run = await startSimulator({ rootPassword: ROOT_PASSWORD });
    expect(run.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const response = await undiciFetch(`${run.url}/api2/json/access/ticket`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'root@pam', password: ROOT_PASSWORD }),
      dispatcher: trustingAgent(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('server')).toBe('pve-api-daemon/3.0');
    expect(response.headers.get('connection')).toBe('keep-alive');
    expect(((await response.json()) as { data: { username: string } }).data.username).toBe(
      'root@pam',
    );
  });

  test('refuses clients that do not trust the certificate', async () => {
    run = await startSimulator();
    const failure = await undiciFetch(`${run.url}/api2/json/version`).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect(String((failure as { cause: { code: string } }).cause.code)).toMatch(
      /SELF_SIGNED|UNABLE/,
    );
  });

  test('the fingerprint is the SHA-256 of the certificate the socket presents', async () => {
    run = await startSimulator();
    const { port } = new URL(run.url);
    const served = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(port), ca: run.certificate }, () => {
        resolve(socket.getPeerCertificate().raw);
        socket.end();
      });
      socket.on('error', reject);
    });
    const hex = createHash('sha256').update(served).digest('hex').toUpperCase();
    expect(run.fingerprint).toBe(hex.match(/../g)?.join(':'));
    expect(new X509Certificate(run.certificate).raw.equals(served)).toBe(true);
    expect(new X509Certificate(run.certificate).subjectAltName).toContain('IP Address:127.0.0.1');
    expect(new X509Certificate(run.certificate).subjectAltName).toContain('DNS:localhost');
  });

  test('error status lines carry the message; 401s have no body', async () => {
    run = await startSimulator();
    const unknown = await rawRequest('GET', '/api2/json/nodes', {});
    expect(unknown).toMatchObject({ status: 401, reason: 'No ticket', body: '' });

    const token = await run.simulator.access.createToken('root@pam', 'tls', { privsep: false });
    const headers = { authorization: `PVEAPIToken=${token.tokenId}=${token.secret}` };
    const missing = await rawRequest('GET', '/api2/json/nodes/pve1/foo', headers);
    expect(missing.status).toBe(501);
    expect(missing.reason).toBe("Method 'GET /nodes/pve1/foo' not implemented");
    expect(missing.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(JSON.parse(missing.body)).toEqual({
      data: null,
      message: "Method 'GET /nodes/pve1/foo' not implemented\n",
    });
  });

  test('a GET with a body is 501 "Unexpected content for method \'GET\'"', async () => {
    run = await startSimulator();
    const token = await run.simulator.access.createToken('root@pam', 'tls');
    const response = await rawRequest(
      'GET',
      '/api2/json/version',
      {
        authorization: `PVEAPIToken=${token.tokenId}=${token.secret}`,
        'content-type': 'application/x-www-form-urlencoded',
        // Node sends a GET body unframed unless told its length.
        'content-length': '3',
      },
      'a=1',
    );
    expect(response.status).toBe(501);
    expect(response.reason).toBe("Unexpected content for method 'GET'");
  });

  test('answers above 1 KiB are gzipped for clients that accept it', async () => {
    run = await startSimulator();
    const token = await run.simulator.access.createToken('root@pam', 'tls');
    const auth = { authorization: `PVEAPIToken=${token.tokenId}=${token.secret}` };
    const plain = await rawRequest('GET', '/api2/json/access/roles', auth);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);

    const compressed = await undiciFetch(`${run.url}/api2/json/access/roles`, {
      headers: { ...auth, 'accept-encoding': 'gzip' },
      dispatcher: trustingAgent(),
    });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    expect(await compressed.text()).toBe(plain.body);

    const small = await rawRequest('GET', '/api2/json/version', {
      ...auth,
      'accept-encoding': 'gzip',
    });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  test('a drop fault cuts the socket', async () => {
    run = await startSimulator();
    run.simulator.faults.add({ kind: 'drop' });
    const failure = await rawRequest('GET', '/api2/json/version', {}).catch(
      (error: unknown) => error,
    );
    expect((failure as { code?: string }).code).toBe('ECONNRESET');
  });

  test('http: true serves plain HTTP on a free port', async () => {
    run = await startSimulator({ http: true, port: 0 });
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await undiciFetch(`${run.url}/api2/json/access/domains`);
    expect(response.status).toBe(200);
  });

  test('a bad port is refused before anything starts', async () => {
    run = await startSimulator();
    await expect(startSimulator({ port: 70000 })).rejects.toThrow(/port must be an integer/);
  });
});
