import { describe, expect, test } from 'vitest';
import { checkPermission, type PermissionSpec } from '../src/auth/permissions-check.js';
import { accessView } from './permissions-fixture.js';

const view = accessView({
  users: {
    'alice@pve': { tokens: { ci: { privsep: true } } },
    'bob@pve': {},
    'carol@ldap': {},
    'helpdesk@pve': {},
  },
  groups: { staff: ['bob@pve'], contractors: ['carol@ldap'] },
  acl: [
    { path: '/vms/100', user: 'alice@pve', role: 'PVEVMUser' },
    { path: '/vms/100', token: 'alice@pve!ci', role: 'PVEAuditor' },
    { path: '/storage/local', user: 'alice@pve', role: 'PVEDatastoreUser' },
    { path: '/access/groups/staff', user: 'helpdesk@pve', role: 'PVEUserAdmin' },
    { path: '/access/realm/pve', user: 'helpdesk@pve', role: 'PVEUserAdmin' },
    { path: '/pool/dev', user: 'alice@pve', role: 'PVEPoolAdmin' },
  ],
});

const perm = (check: unknown[]): PermissionSpec => ({ check });
const denied = (message: string) => ({ allowed: false, status: 403, message });
const died = (message: string) => ({ allowed: false, status: 500, message });
const allowed = { allowed: true };

describe('top-level forms', () => {
  test('no permissions: root@pam only', () => {
    expect(checkPermission(view, 'root@pam', undefined, {})).toEqual(allowed);
    expect(checkPermission(view, 'alice@pve', undefined, {})).toEqual(
      denied('Permission check failed (user != root@pam)'),
    );
    expect(checkPermission(view, 'root@pam!tok', undefined, {})).toEqual(
      denied('Permission check failed (user != root@pam)'),
    );
  });

  test('user all: any authenticated caller, even with a check beside it', () => {
    expect(checkPermission(view, 'bob@pve', { user: 'all' }, {})).toEqual(allowed);
    const both = { user: 'all', check: ['perm', '/', ['Sys.Audit']] };
    expect(checkPermission(view, 'bob@pve', both, {})).toEqual(allowed);
    expect(checkPermission(view, null, { user: 'all' }, {})).toEqual(
      denied('Permission check failed (user != null)'),
    );
  });

  test('user world: open to everyone, signed in or not', () => {
    expect(checkPermission(view, null, { user: 'world' }, {})).toEqual(allowed);
    expect(checkPermission(view, 'bob@pve', { user: 'world' }, {})).toEqual(allowed);
  });

  test('a permissions object with neither check nor user allows root@pam only', () => {
    expect(checkPermission(view, 'bob@pve', { description: 'x' }, {})).toEqual(
      denied('Permission check failed'),
    );
  });
});

describe('perm', () => {
  const powerMgmt = perm(['perm', '/vms/{vmid}', ['VM.PowerMgmt']]);

  test('substitutes path parameters and names the missing privilege', () => {
    expect(checkPermission(view, 'alice@pve', powerMgmt, { vmid: 100 })).toEqual(allowed);
    expect(checkPermission(view, 'alice@pve', powerMgmt, { vmid: 101 })).toEqual(
      denied('Permission check failed (/vms/101, VM.PowerMgmt)'),
    );
  });

  test('all listed privileges are needed, the first missing one is named', () => {
    const check = perm(['perm', '/vms/{vmid}', ['VM.Audit', 'VM.Allocate', 'VM.Migrate']]);
    expect(checkPermission(view, 'alice@pve', check, { vmid: '100' })).toEqual(
      denied('Permission check failed (/vms/100, VM.Allocate)'),
    );
  });

  test('any: one of the privileges suffices; the denial lists them all', () => {
    const check = perm([
      'perm',
      '/storage/{storage}',
      ['Datastore.Allocate', 'Datastore.Audit'],
      'any',
      1,
    ]);
    expect(checkPermission(view, 'alice@pve', check, { storage: 'local' })).toEqual(allowed);
    expect(checkPermission(view, 'alice@pve', check, { storage: 'nfs' })).toEqual(
      denied('Permission check failed (/storage/nfs, Datastore.Allocate|Datastore.Audit)'),
    );
  });

  test('a missing parameter fills the template with a dash', () => {
    expect(checkPermission(view, 'alice@pve', powerMgmt, {})).toEqual(
      denied('Permission check failed (/vms/-, VM.PowerMgmt)'),
    );
  });

  test('require_param: without the parameter the check fails with no detail', () => {
    const check = perm(['perm', '/pool/{pool}', ['Pool.Allocate'], 'require_param', 'pool']);
    expect(checkPermission(view, 'alice@pve', check, {})).toEqual(
      denied('Permission check failed'),
    );
    expect(checkPermission(view, 'alice@pve', check, { pool: 'dev' })).toEqual(allowed);
  });

  test('a privsep token is held to the intersection', () => {
    const audit = perm(['perm', '/vms/{vmid}', ['VM.Audit']]);
    expect(checkPermission(view, 'alice@pve!ci', audit, { vmid: 100 })).toEqual(allowed);
    expect(checkPermission(view, 'alice@pve!ci', powerMgmt, { vmid: 100 })).toEqual(
      denied('Permission check failed (/vms/100, VM.PowerMgmt)'),
    );
  });

  test('an unknown privilege name is an error, as Proxmox raises it', () => {
    const check = perm(['perm', '/', ['VM.Monitor']]);
    expect(checkPermission(view, 'alice@pve', check, {})).toEqual(
      died("invalid privilege 'VM.Monitor'"),
    );
    const old = { ...view, release: '8.4' as const };
    expect(checkPermission(old, 'alice@pve', check, {})).toEqual(
      denied('Permission check failed (/, VM.Monitor)'),
    );
  });
});

describe('and / or', () => {
  const audit = ['perm', '/vms/{vmid}', ['VM.Audit']];
  const sysAudit = ['perm', '/nodes/{node}', ['Sys.Audit']];

  test('and: every member must pass; the failing one speaks', () => {
    expect(
      checkPermission(view, 'alice@pve', perm(['and', audit, sysAudit]), {
        vmid: 100,
        node: 'pve1',
      }),
    ).toEqual(denied('Permission check failed (/nodes/pve1, Sys.Audit)'));
    expect(checkPermission(view, 'root@pam', perm(['and', audit, sysAudit]), {})).toEqual(allowed);
  });

  test('or: one member suffices; failing all gives no detail', () => {
    expect(
      checkPermission(view, 'alice@pve', perm(['or', sysAudit, audit]), { vmid: 100 }),
    ).toEqual(allowed);
    expect(checkPermission(view, 'bob@pve', perm(['or', sysAudit, audit]), { vmid: 100 })).toEqual(
      denied('Permission check failed'),
    );
  });

  test('an and inside an or stops the or with its own message', () => {
    const check = perm(['or', sysAudit, ['and', audit, ['perm', '/', ['Sys.Modify']]]]);
    expect(checkPermission(view, 'alice@pve', check, { vmid: 100, node: 'pve1' })).toEqual(
      denied('Permission check failed (/, Sys.Modify)'),
    );
  });
});

describe('userid-param', () => {
  const self = perm(['userid-param', 'self']);
  const realm = perm(['userid-param', 'Realm.AllocateUser']);

  test('self: only the user named by the userid parameter', () => {
    expect(checkPermission(view, 'bob@pve', self, { userid: 'bob@pve' })).toEqual(allowed);
    expect(checkPermission(view, 'bob@pve', self, { userid: 'alice@pve' })).toEqual(
      denied('Permission check failed'),
    );
    expect(checkPermission(view, 'alice@pve!ci', self, { userid: 'alice@pve' })).toEqual(
      denied('Permission check failed'),
    );
  });

  test('an unknown or malformed userid is a server error, as in Proxmox', () => {
    expect(checkPermission(view, 'bob@pve', self, { userid: 'nobody@pve' })).toEqual(
      died("no such user ('nobody@pve')"),
    );
    expect(checkPermission(view, 'bob@pve', self, { userid: 'bob' })).toEqual(
      died("value 'bob' does not look like a valid user name"),
    );
    expect(checkPermission(view, 'bob@pve', self, {})).toEqual(died("user name '' is too short"));
  });

  test('Realm.AllocateUser on the realm of the userid', () => {
    expect(checkPermission(view, 'helpdesk@pve', realm, { userid: 'new@pve' })).toEqual(allowed);
    expect(checkPermission(view, 'helpdesk@pve', realm, { userid: 'new@ldap' })).toEqual(
      denied('Permission check failed (/access/realm/ldap, Realm.AllocateUser)'),
    );
  });
});

describe('userid-group', () => {
  const modify = perm(['userid-group', ['User.Modify']]);

  test('a privilege on one of the user groups allows acting on that user', () => {
    expect(checkPermission(view, 'helpdesk@pve', modify, { userid: 'bob@pve' })).toEqual(allowed);
    expect(checkPermission(view, 'helpdesk@pve', modify, { userid: 'carol@ldap' })).toEqual(
      denied('Permission check failed'),
    );
  });

  test('the user must exist unless the groups are being created', () => {
    expect(checkPermission(view, 'helpdesk@pve', modify, { userid: 'ghost@pve' })).toEqual(
      died("no such user ('ghost@pve')"),
    );
  });

  test('groups_param: every requested group needs the privilege', () => {
    const create = perm(['userid-group', ['User.Modify'], 'groups_param', 'create']);
    expect(
      checkPermission(view, 'helpdesk@pve', create, { userid: 'new@pve', groups: 'staff' }),
    ).toEqual(allowed);
    expect(
      checkPermission(view, 'helpdesk@pve', create, {
        userid: 'new@pve',
        groups: 'staff,contractors',
      }),
    ).toEqual(denied('Permission check failed (/access/groups/contractors, User.Modify)'));
    expect(checkPermission(view, 'helpdesk@pve', create, { userid: 'new@pve' })).toEqual(
      denied('Permission check failed (/access/groups, User.Modify)'),
    );
  });

  test('a privilege on /access/groups covers every user', () => {
    const admin = accessView({
      users: { 'carol@ldap': {}, 'boss@pve': {} },
      acl: [{ path: '/access/groups', user: 'boss@pve', role: 'PVEUserAdmin' }],
    });
    expect(checkPermission(admin, 'boss@pve', modify, { userid: 'carol@ldap' })).toEqual(allowed);
  });

  test('or(self, userid-group) as the token endpoints use it', () => {
    const check = perm(['or', ['userid-param', 'self'], ['userid-group', ['User.Modify']]]);
    expect(checkPermission(view, 'carol@ldap', check, { userid: 'carol@ldap' })).toEqual(allowed);
    expect(checkPermission(view, 'carol@ldap', check, { userid: 'bob@pve' })).toEqual(
      denied('Permission check failed'),
    );
  });
});

describe('perm-modify', () => {
  const check = perm(['perm-modify', '{path}']);

  test('needs Permissions.Modify or the allocate privilege of the path', () => {
    expect(checkPermission(view, 'alice@pve', check, { path: '/pool/dev' })).toEqual(allowed);
    expect(checkPermission(view, 'alice@pve', check, { path: '/vms/100' })).toEqual(
      denied('Permission check failed (/vms/100, Permissions.Modify|VM.Allocate)'),
    );
    expect(checkPermission(view, 'alice@pve', check, { path: '/storage/local' })).toEqual(
      denied('Permission check failed (/storage/local, Permissions.Modify|Datastore.Allocate)'),
    );
    expect(checkPermission(view, 'alice@pve', check, { path: '/nodes' })).toEqual(
      denied('Permission check failed (/nodes, Permissions.Modify)'),
    );
  });
});

test('malformed checks answer as Proxmox dies on them', () => {
  expect(checkPermission(view, 'bob@pve', perm(['bogus']), {})).toEqual(
    died('unknown permission test'),
  );
  expect(checkPermission(view, 'bob@pve', perm(['perm', '/']), {})).toEqual(
    died('missing parameters'),
  );
});
