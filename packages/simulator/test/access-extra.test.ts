import { Secret, TOTP } from 'otpauth';
import { ProxmoxClient, ProxmoxHttpError } from 'pvekit';
import { afterEach, describe, expect, test } from 'vitest';
import { createSimulator, type Simulator } from '../src/index.js';
import { manualClock } from './helpers.js';

const clock = manualClock();
let sim: Simulator;
const clients: ProxmoxClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await sim.close();
});

type Auth = NonNullable<ConstructorParameters<typeof ProxmoxClient>[0]['auth']>;

function connect(auth: Auth): ProxmoxClient {
  const client = new ProxmoxClient({ baseUrl: 'https://pve1:8006', fetch: sim.fetch, auth });
  clients.push(client);
  return client;
}

function setup(): ProxmoxClient {
  sim = createSimulator({ rootPassword: 'root-password', clock: clock.now });
  return connect({ username: 'root@pam', password: 'root-password' });
}

async function failure(promise: Promise<unknown>): Promise<ProxmoxHttpError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProxmoxHttpError)) throw new Error(`expected an HTTP error: ${error}`);
  return error;
}

async function passwordLogin(username: string, password: string) {
  const response = await sim.fetch('/api2/json/access/ticket', {
    method: 'POST',
    body: new URLSearchParams({ username, password }),
  });
  return ((await response.json()) as { data: { NeedTFA?: number } }).data;
}

function authenticator(): { uri: string; code: () => string } {
  const totp = new TOTP({ issuer: 'pve', label: 'erin@pve', secret: new Secret({ size: 20 }) });
  return { uri: totp.toString(), code: () => totp.generate({ timestamp: clock.now() }) };
}

describe('TFA entries over /access/tfa', () => {
  test('add a TOTP entry verified by its code; it then guards the login; delete it', async () => {
    const root = setup();
    await root.post('/access/users', { userid: 'erin@pve', password: 'erin-password' });
    const app = authenticator();

    const wrong = await failure(
      root.post('/access/tfa/{userid}', {
        userid: 'erin@pve',
        type: 'totp',
        totp: app.uri,
        value: '000000' === app.code() ? '111111' : '000000',
      }),
    );
    expect(wrong.status).toBe(400);

    const added = await root.post<{ id: string }>('/access/tfa/{userid}', {
      userid: 'erin@pve',
      type: 'totp',
      description: 'phone',
      totp: app.uri,
      value: app.code(),
    });
    expect(added.id).toMatch(/^totp-[0-9a-f-]{36}$/);
    const entries = await root.get<{ id: string; type: string; description: string }[]>(
      '/access/tfa/{userid}',
      { userid: 'erin@pve' },
    );
    expect(entries).toEqual([expect.objectContaining({ id: added.id, description: 'phone' })]);
    expect(await passwordLogin('erin@pve', 'erin-password')).toMatchObject({ NeedTFA: 1 });

    const everyone = await root.get<{ userid: string }[]>('/access/tfa');
    expect(everyone.map((row) => row.userid)).toEqual(['erin@pve']);

    await root.put('/access/tfa/{userid}/{id}', { userid: 'erin@pve', id: added.id, enable: 0 });
    expect(await passwordLogin('erin@pve', 'erin-password')).not.toHaveProperty('NeedTFA');
    await root.put('/access/tfa/{userid}/{id}', { userid: 'erin@pve', id: added.id, enable: 1 });
    expect(await passwordLogin('erin@pve', 'erin-password')).toMatchObject({ NeedTFA: 1 });

    await root.delete('/access/tfa/{userid}/{id}', { userid: 'erin@pve', id: added.id });
    expect(await root.get('/access/tfa/{userid}', { userid: 'erin@pve' })).toEqual([]);
    const gone = await failure(
      root.get('/access/tfa/{userid}/{id}', { userid: 'erin@pve', id: added.id }),
    );
    expect(gone.status).toBe(404);
    expect(gone.serverMessage).toBe(`No such tfa entry '${added.id}'`);
  });

  test('recovery keys are handed out once; tokens may not change TFA', async () => {
    const root = setup();
    const keys = await root.post<{ id: string; recovery: string[] }>('/access/tfa/{userid}', {
      userid: 'root@pam',
      type: 'recovery',
    });
    expect(keys.id).toBe('recovery');
    expect(keys.recovery).toHaveLength(10);
    const again = await failure(
      root.post('/access/tfa/{userid}', { userid: 'root@pam', type: 'recovery' }),
    );
    expect(again.serverMessage).toBe('user already has recovery keys');

    const token = await sim.access.createToken('root@pam', 'automation', { privsep: false });
    const viaToken = connect(token);
    const refused = await failure(
      viaToken.delete('/access/tfa/{userid}/{id}', { userid: 'root@pam', id: 'recovery' }),
    );
    // HTTPServer.pm refuses tokens on allowtoken-0 endpoints with a 403.
    expect(refused.status).toBe(403);
    expect(refused.serverMessage).toContain('not available with API token');
    expect(await viaToken.get('/access/tfa/{userid}', { userid: 'root@pam' })).toHaveLength(1);
  });

  test('a user sees only their own entries in the overview', async () => {
    const root = setup();
    await root.post('/access/users', { userid: 'erin@pve', password: 'erin-password' });
    sim.access.enableTotp('root@pam');
    const erin = connect({ username: 'erin@pve', password: 'erin-password' });
    expect(await erin.get('/access/tfa')).toEqual([]);
    const all = await root.get<{ userid: string }[]>('/access/tfa');
    expect(all.map((row) => row.userid)).toEqual(['root@pam']);
  });
});

describe('custom roles over /access/roles', () => {
  test('create, read, replace or append privileges, delete with its ACL entries', async () => {
    const root = setup();
    await root.post('/access/roles', { roleid: 'Backup', privs: 'VM.Backup' });
    expect(await root.get('/access/roles/{roleid}', { roleid: 'Backup' })).toEqual({
      'VM.Backup': 1,
    });
    await root.put('/access/roles/{roleid}', {
      roleid: 'Backup',
      privs: 'Datastore.AllocateSpace',
      append: 1,
    });
    expect(await root.get('/access/roles/{roleid}', { roleid: 'Backup' })).toEqual({
      'Datastore.AllocateSpace': 1,
      'VM.Backup': 1,
    });
    await root.put('/access/acl', { path: '/vms', roles: 'Backup', users: 'root@pam' });

    const twice = await failure(root.post('/access/roles', { roleid: 'Backup' }));
    expect(twice.serverMessage).toBe("role 'Backup' already exists");
    const builtin = await failure(
      root.put('/access/roles/{roleid}', { roleid: 'PVEAuditor', privs: 'Sys.Audit' }),
    );
    expect(builtin.serverMessage).toBe("auto-generated role 'PVEAuditor' cannot be modified");
    const bogus = await failure(
      root.put('/access/roles/{roleid}', { roleid: 'Backup', privs: 'Sys.Fly' }),
    );
    // The schema's `pve-priv-list` format refuses it before the handler runs.
    expect(bogus.status).toBe(400);
    expect(Object.keys(bogus.errors ?? {})).toEqual(['privs']);

    await root.delete('/access/roles/{roleid}', { roleid: 'Backup' });
    const acl = await root.get<{ roleid: string }[]>('/access/acl');
    expect(acl.map((entry) => entry.roleid)).not.toContain('Backup');
    const gone = await failure(root.get('/access/roles/{roleid}', { roleid: 'Backup' }));
    expect(gone.serverMessage).toBe("role 'Backup' does not exist");
  });
});

describe('authentication realms over /access/domains', () => {
  test('pam and pve are built in; another realm can be added, changed and removed', async () => {
    const root = setup();
    const realms = async () =>
      (await root.get<{ realm: string; default?: number }[]>('/access/domains')).map(
        (entry) => `${entry.realm}${entry.default ? '*' : ''}`,
      );
    expect(await realms()).toEqual(['pam', 'pve*']);

    await root.post('/access/domains', {
      realm: 'corp',
      type: 'ldap',
      server1: 'ldap.example.com',
      base_dn: 'dc=example,dc=com',
      user_attr: 'uid',
      default: 1,
    });
    expect(await realms()).toEqual(['pam', 'pve', 'corp*']);
    const corp = await root.get<Record<string, unknown>>('/access/domains/{realm}', {
      realm: 'corp',
    });
    expect(corp).toMatchObject({ type: 'ldap', server1: 'ldap.example.com' });

    await root.put('/access/domains/{realm}', {
      realm: 'corp',
      comment: 'directory',
      delete: 'default',
      digest: String(corp.digest),
    });
    expect(await realms()).toEqual(['pam', 'pve', 'corp']);
    const stale = await failure(
      root.put('/access/domains/{realm}', {
        realm: 'corp',
        comment: 'x',
        digest: String(corp.digest),
      }),
    );
    expect(stale.serverMessage).toMatch(/^update auth server failed: detected modified/);

    const reserved = await failure(root.post('/access/domains', { realm: 'pve', type: 'ldap' }));
    expect(reserved.serverMessage).toBe("add auth server failed: domain 'pve' already exists");
    const builtinType = await failure(
      root.post('/access/domains', { realm: 'local2', type: 'pam' }),
    );
    expect(builtinType.serverMessage).toBe(
      "add auth server failed: unable to create builtin type 'pam'",
    );

    await root.delete('/access/domains/{realm}', { realm: 'corp' });
    expect(await realms()).toEqual(['pam', 'pve']);
    const missing = await failure(root.delete('/access/domains/{realm}', { realm: 'corp' }));
    expect(missing.serverMessage).toBe(
      "delete auth server failed: authentication domain 'corp' does not exist",
    );
  });
});

describe('GET /access/permissions', () => {
  test('answers for another user, and for a privsep token only what both hold', async () => {
    const root = setup();
    await root.post('/access/users', { userid: 'hank@pve', password: 'hank-password' });
    await root.put('/access/acl', { path: '/', roles: 'PVEAuditor', users: 'hank@pve' });
    await root.post('/access/users/{userid}/token/{tokenid}', {
      userid: 'hank@pve',
      tokenid: 'ro',
      privsep: 1,
    });
    await root.put('/access/acl', { path: '/storage', roles: 'PVEAuditor', tokens: 'hank@pve!ro' });

    const forHank = await root.get<Record<string, Record<string, number>>>('/access/permissions', {
      userid: 'hank@pve',
    });
    expect(forHank['/']?.['VM.Audit']).toBe(1);
    const forToken = await root.get<Record<string, Record<string, number>>>('/access/permissions', {
      userid: 'hank@pve!ro',
      path: '/storage',
    });
    expect(Object.keys(forToken)).toEqual(['/storage']);
    expect(forToken['/storage']?.['Datastore.Audit']).toBe(1);
    const tokenOnVms = await root.get<Record<string, Record<string, number>>>(
      '/access/permissions',
      { userid: 'hank@pve!ro', path: '/vms' },
    );
    expect(tokenOnVms['/vms'] ?? {}).toEqual({});
  });
});
