import { afterEach, describe, expect, test } from 'vitest';
import type { Simulator } from '../src/index.js';
import { cookie, form, login, simulator, tokenHeader } from './helpers.js';

let sim: Simulator;
let root: Record<string, string>;

async function setup(): Promise<void> {
  sim = simulator();
  const token = await sim.access.createToken('root@pam', 'admin', { privsep: false });
  root = tokenHeader(token.tokenId, token.secret);
}

afterEach(async () => {
  await sim.close();
});

function call(method: string, path: string, headers: Record<string, string>, params?: object) {
  const body = params === undefined ? undefined : form(params as Record<string, string>);
  return sim.fetch(`/api2/json${path}`, { method, headers, ...(body ? { body } : {}) });
}

async function data(response: Response): Promise<unknown> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: unknown }).data;
}

describe('users over the API', () => {
  test('create, read, update, list and delete a user', async () => {
    await setup();
    await data(await call('POST', '/access/groups', root, { groupid: 'ops' }));
    await data(
      await call('POST', '/access/users', root, {
        userid: 'carol@pve',
        password: 'carol-pw',
        groups: 'ops',
        email: 'carol@example.com',
      }),
    );
    expect((await login(sim, 'carol@pve', 'carol-pw')).username).toBe('carol@pve');

    expect(await data(await call('GET', '/access/users/carol@pve', root))).toMatchObject({
      enable: 1,
      expire: 0,
      email: 'carol@example.com',
      groups: ['ops'],
    });

    await data(await call('PUT', '/access/users/carol@pve', root, { enable: '0' }));
    const listed = (await data(await call('GET', '/access/users', root))) as {
      userid: string;
      enable: number;
    }[];
    expect(listed.find((user) => user.userid === 'carol@pve')?.enable).toBe(0);
    const enabled = (await data(await call('GET', '/access/users?enabled=1', root))) as {
      userid: string;
    }[];
    expect(enabled.map((user) => user.userid)).not.toContain('carol@pve');

    await data(await call('DELETE', '/access/users/carol@pve', root));
    const gone = await call('GET', '/access/users/carol@pve', root);
    expect(gone.status).toBe(500);
    expect(gone.statusText).toBe("no such user ('carol@pve')");
  });

  test('a second user with the same id and an unknown group are refused', async () => {
    await setup();
    const twice = await call('POST', '/access/users', root, { userid: 'alice@pve' });
    expect(twice.status).toBe(500);
    expect(twice.statusText).toBe("create user failed: user 'alice@pve' already exists");
    const noGroup = await call('POST', '/access/users', root, { userid: 'dave@pve', groups: 'x' });
    expect(noGroup.statusText).toBe("no such group 'x'");
  });

  test('an ordinary user sees only themself in the user list', async () => {
    await setup();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const session = await login(sim, 'alice@pve', 'alice-pw');
    const listed = (await data(await call('GET', '/access/users', cookie(session.ticket)))) as {
      userid: string;
    }[];
    expect(listed.map((user) => user.userid)).toEqual(['alice@pve']);
  });
  test('a user sees only the groups they hold Sys.Audit, User.Modify or Group.Allocate on', async () => {
    await setup();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    sim.access.addGroup('ops', ['bob@pve']);
    sim.access.addGroup('dev', ['bob@pve']);
    sim.access.setAcl({ path: '/access/groups/dev', roles: 'PVEAuditor', users: 'alice@pve' });
    const session = await login(sim, 'alice@pve', 'alice-pw');
    const listed = (await data(await call('GET', '/access/groups', cookie(session.ticket)))) as {
      groupid: string;
    }[];
    expect(listed.map((group) => group.groupid)).toEqual(['dev']);
    const all = (await data(await call('GET', '/access/groups', root))) as { groupid: string }[];
    expect(all.map((group) => group.groupid).sort()).toEqual(['dev', 'ops']);
  });
});

describe('ACLs and permissions over the API', () => {
  test('PUT /access/acl grants a role that GET /access/permissions then shows', async () => {
    await setup();
    await data(
      await call('PUT', '/access/acl', root, {
        path: '/vms',
        roles: 'PVEVMUser',
        users: 'alice@pve',
      }),
    );
    const acl = await data(await call('GET', '/access/acl', root));
    expect(acl).toEqual([
      { path: '/vms', type: 'user', ugid: 'alice@pve', roleid: 'PVEVMUser', propagate: 1 },
    ]);
    const permissions = (await data(
      await call('GET', '/access/permissions?userid=alice@pve&path=/vms/100', root),
    )) as Record<string, Record<string, number>>;
    expect(permissions['/vms/100']?.['VM.PowerMgmt']).toBe(1);
    expect(permissions['/vms/100']).not.toHaveProperty('VM.Allocate');

    await data(
      await call('PUT', '/access/acl', root, {
        path: '/vms',
        roles: 'PVEVMUser',
        users: 'alice@pve',
        delete: '1',
      }),
    );
    expect(await data(await call('GET', '/access/acl', root))).toEqual([]);
  });

  test('unknown roles and users are refused; changing ACLs needs Permissions.Modify', async () => {
    await setup();
    const badRole = await call('PUT', '/access/acl', root, {
      path: '/',
      roles: 'Nope',
      users: 'alice@pve',
    });
    expect(badRole.statusText).toBe("role 'Nope' does not exist");
    const badUser = await call('PUT', '/access/acl', root, {
      path: '/',
      roles: 'PVEAuditor',
      users: 'ghost@pve',
    });
    expect(badUser.statusText).toBe("user 'ghost@pve' does not exist");

    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const session = await login(sim, 'alice@pve', 'alice-pw');
    const headers = { ...cookie(session.ticket), CSRFPreventionToken: session.CSRFPreventionToken };
    const escalate = await call('PUT', '/access/acl', headers, {
      path: '/',
      roles: 'Administrator',
      users: 'alice@pve',
    });
    expect(escalate.status).toBe(403);
    expect(escalate.statusText).toBe('Permission check failed (/, Permissions.Modify)');
  });

  test("a user reads their own permissions but needs Sys.Audit for someone else's", async () => {
    await setup();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    sim.access.setAcl({ path: '/nodes', roles: 'PVEAuditor', users: 'alice@pve' });
    const session = await login(sim, 'alice@pve', 'alice-pw');
    const own = (await data(
      await call('GET', '/access/permissions', cookie(session.ticket)),
    )) as Record<string, Record<string, number>>;
    expect(own['/nodes']?.['Sys.Audit']).toBe(1);
    const other = await call('GET', '/access/permissions?userid=bob@pve', cookie(session.ticket));
    expect(other.status).toBe(403);
  });

  test('groups and roles are listed', async () => {
    await setup();
    sim.access.addRole('NodeWatcher', ['Sys.Audit']);
    sim.access.addGroup('ops', ['alice@pve', 'bob@pve']);
    const roles = (await data(await call('GET', '/access/roles', root))) as {
      roleid: string;
      special: number;
      privs: string;
    }[];
    expect(roles.find((role) => role.roleid === 'NodeWatcher')).toEqual({
      roleid: 'NodeWatcher',
      privs: 'Sys.Audit',
      special: 0,
    });
    expect(roles.find((role) => role.roleid === 'Administrator')?.special).toBe(1);
    expect(await data(await call('GET', '/access/groups', root))).toEqual([
      { groupid: 'ops', users: 'alice@pve,bob@pve' },
    ]);
    expect(await data(await call('GET', '/access/groups/ops', root))).toEqual({
      members: ['alice@pve', 'bob@pve'],
    });
  });
});
