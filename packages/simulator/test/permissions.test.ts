import { describe, expect, test } from 'vitest';
import {
  effectivePermissions,
  privilegeGrantsAt,
  privilegesAt,
  rolesAt,
} from '../src/auth/permissions.js';
import { computeCap } from '../src/auth/permissions-cap.js';
import { builtinRoles, privilegesOf } from '../src/auth/roles.js';
import { accessView, sorted } from './permissions-fixture.js';

const role = (roleid: string) => sorted(builtinRoles().get(roleid) ?? []);
const privs = (...args: Parameters<typeof privilegesAt>) => sorted(privilegesAt(...args));

describe('propagation', () => {
  const view = accessView({
    users: { 'alice@pve': {} },
    acl: [
      { path: '/vms', user: 'alice@pve', role: 'PVEAuditor' },
      { path: '/storage', user: 'alice@pve', role: 'PVEDatastoreUser', propagate: false },
    ],
  });

  test('a propagating entry reaches every path below it', () => {
    expect(privs(view, 'alice@pve', '/vms')).toEqual(role('PVEAuditor'));
    expect(privs(view, 'alice@pve', '/vms/100')).toEqual(role('PVEAuditor'));
  });

  test('an entry does not reach paths above or beside it', () => {
    expect(privs(view, 'alice@pve', '/')).toEqual([]);
    expect(privs(view, 'alice@pve', '/nodes/pve1')).toEqual([]);
  });

  test('a non-propagating entry applies at its exact path only', () => {
    expect(privs(view, 'alice@pve', '/storage')).toEqual(role('PVEDatastoreUser'));
    expect(privs(view, 'alice@pve', '/storage/local')).toEqual([]);
  });

  test('paths are normalized before the walk', () => {
    expect(privs(view, 'alice@pve', '//vms//100/')).toEqual(role('PVEAuditor'));
  });

  test('the propagate flag is reported per privilege', () => {
    const grants = privilegeGrantsAt(view, 'alice@pve', '/storage');
    expect(grants.get('Datastore.Audit')).toBe(false);
    expect(privilegeGrantsAt(view, 'alice@pve', '/vms/1').get('VM.Audit')).toBe(true);
  });
});

describe('override order', () => {
  const view = accessView({
    users: { 'bob@pve': {} },
    groups: { ops: ['bob@pve'], others: ['carol@pve'] },
    acl: [
      { path: '/', group: 'ops', role: 'PVEVMAdmin' },
      { path: '/', group: 'others', role: 'Administrator' },
      { path: '/vms', user: 'bob@pve', role: 'PVEAuditor' },
      { path: '/vms/100', group: 'ops', role: 'PVEVMUser' },
      { path: '/nodes', group: 'ops', role: 'PVESysAdmin' },
      { path: '/nodes', user: 'bob@pve', role: 'PVEPoolUser' },
    ],
  });

  test('group entries apply to members only', () => {
    expect(privs(view, 'bob@pve', '/')).toEqual(role('PVEVMAdmin'));
  });

  test('a deeper level replaces what was inherited instead of adding to it', () => {
    expect(privs(view, 'bob@pve', '/vms/200')).toEqual(role('PVEAuditor'));
    expect(privs(view, 'bob@pve', '/vms/100')).toEqual(role('PVEVMUser'));
  });

  test('user entries override group entries on the same level', () => {
    expect(privs(view, 'bob@pve', '/nodes/pve1')).toEqual(role('PVEPoolUser'));
  });

  test('roles at a path list what applies there', () => {
    expect([...rolesAt(view, 'bob@pve', '/vms/100')]).toEqual([['PVEVMUser', true]]);
  });
});

describe('NoAccess', () => {
  const view = accessView({
    users: { 'dave@pve': {} },
    groups: { admins: ['dave@pve'] },
    acl: [
      { path: '/', group: 'admins', role: 'Administrator' },
      { path: '/vms/100', group: 'admins', role: 'NoAccess' },
      { path: '/vms/100', group: 'admins', role: 'PVEVMAdmin' },
      { path: '/storage', user: 'dave@pve', role: 'NoAccess', propagate: false },
    ],
  });

  test('NoAccess cancels every other role on the same level', () => {
    expect(privs(view, 'dave@pve', '/vms/100')).toEqual([]);
    expect([...rolesAt(view, 'dave@pve', '/vms/100').keys()]).toEqual(['NoAccess']);
  });

  test('a non-propagating NoAccess leaves the paths below to the inherited roles', () => {
    expect(privs(view, 'dave@pve', '/storage')).toEqual([]);
    expect(privs(view, 'dave@pve', '/storage/local')).toEqual(role('Administrator'));
  });
});

describe('pools', () => {
  const view = accessView({
    users: { 'erin@pve': {} },
    pools: { dev: { vms: [100, 101], storage: ['local'] }, lab: { vms: [200] } },
    acl: [
      { path: '/pool/dev', user: 'erin@pve', role: 'PVEVMUser' },
      { path: '/vms/101', user: 'erin@pve', role: 'PVEAuditor' },
      { path: '/pool/lab', user: 'erin@pve', role: 'NoAccess' },
      { path: '/vms/200', user: 'erin@pve', role: 'PVEVMAdmin' },
      { path: '/vms/300', user: 'erin@pve', role: 'NoAccess' },
    ],
  });

  test('a pool ACL applies to its member guests and storages', () => {
    expect(privs(view, 'erin@pve', '/vms/100')).toEqual(role('PVEVMUser'));
    expect(privs(view, 'erin@pve', '/storage/local')).toEqual(role('PVEVMUser'));
    expect(privs(view, 'erin@pve', '/vms/102')).toEqual([]);
  });

  test('pool roles never propagate', () => {
    expect(privilegeGrantsAt(view, 'erin@pve', '/vms/100').get('VM.Console')).toBe(false);
  });

  test('regular ACLs and pool ACLs combine on a member', () => {
    expect(privs(view, 'erin@pve', '/vms/101')).toEqual(
      sorted(new Set([...role('PVEAuditor'), ...role('PVEVMUser')])),
    );
    expect(privilegeGrantsAt(view, 'erin@pve', '/vms/101').get('VM.Audit')).toBe(true);
  });

  test('a pool NoAccess trumps the regular ACL of a member', () => {
    expect(privs(view, 'erin@pve', '/vms/200')).toEqual([]);
  });

  test('a regular NoAccess is not lifted by a pool', () => {
    const withPool = accessView({
      users: { 'erin@pve': {} },
      pools: { ops: { vms: [300] } },
      acl: [
        { path: '/pool/ops', user: 'erin@pve', role: 'PVEVMAdmin' },
        { path: '/vms/300', user: 'erin@pve', role: 'NoAccess' },
      ],
    });
    expect(privs(withPool, 'erin@pve', '/vms/300')).toEqual([]);
  });
});

describe('API tokens', () => {
  const view = accessView({
    users: {
      'frank@pve': { tokens: { ci: { privsep: true }, full: { privsep: false } } },
      'root@pam': { tokens: { automation: { privsep: true } } },
    },
    acl: [
      { path: '/vms', user: 'frank@pve', role: 'PVEVMUser' },
      { path: '/vms', token: 'frank@pve!ci', role: 'PVEVMAdmin' },
      { path: '/storage', token: 'frank@pve!ci', role: 'PVEDatastoreAdmin' },
      { path: '/vms', token: 'root@pam!automation', role: 'PVEAuditor' },
    ],
  });

  test('a privsep token holds the intersection of its own and its user privileges', () => {
    expect(privs(view, 'frank@pve!ci', '/vms/100')).toEqual(role('PVEVMUser'));
    expect(privs(view, 'frank@pve!ci', '/storage/local')).toEqual([]);
  });

  test('a token without privsep holds exactly its user privileges', () => {
    expect(privs(view, 'frank@pve!full', '/vms/100')).toEqual(role('PVEVMUser'));
  });

  test('token entries override user entries for a privsep token', () => {
    expect([...rolesAt(view, 'frank@pve!ci', '/vms').keys()]).toEqual(['PVEVMAdmin']);
  });

  test('an unknown token or a malformed id holds nothing', () => {
    expect(privs(view, 'frank@pve!nope', '/vms/100')).toEqual([]);
    expect(privs(view, 'frank', '/vms/100')).toEqual([]);
  });

  test('root@pam holds everything, but a root@pam token only what its ACLs give', () => {
    expect(privs(view, 'root@pam', '/anything')).toEqual(sorted(privilegesOf()));
    expect(privs(view, 'root@pam!automation', '/vms/1')).toEqual(role('PVEAuditor'));
    expect(privs(view, 'root@pam!automation', '/')).toEqual([]);
  });
});

describe('custom roles and releases', () => {
  test('a custom role grants its privileges; built-in names cannot be redefined', () => {
    const view = accessView({
      users: { 'gina@pve': {} },
      roles: { Operator: ['VM.PowerMgmt', 'VM.Audit'], PVEAuditor: ['Sys.Modify'] },
      acl: [
        { path: '/vms', user: 'gina@pve', role: 'Operator' },
        { path: '/nodes', user: 'gina@pve', role: 'PVEAuditor' },
      ],
    });
    expect(privs(view, 'gina@pve', '/vms/1')).toEqual(['VM.Audit', 'VM.PowerMgmt']);
    expect(privs(view, 'gina@pve', '/nodes')).toEqual(role('PVEAuditor'));
  });

  test('entries naming a missing role or user are ignored, as Proxmox drops them', () => {
    const view = accessView({
      users: { 'gina@pve': {} },
      groups: { ops: ['gina@pve', 'gone@pve'] },
      acl: [
        { path: '/', group: 'ops', role: 'PVEAuditor' },
        { path: '/storage', user: 'gina@pve', role: 'Deleted' },
      ],
    });
    expect(privs(view, 'gina@pve', '/storage')).toEqual(role('PVEAuditor'));
    expect(privs(view, 'gone@pve', '/')).toEqual([]);
  });

  test('the view release picks the built-in roles', () => {
    const spec = {
      users: { 'hal@pve': {} },
      acl: [{ path: '/', user: 'hal@pve', role: 'PVEVMAdmin' }],
    };
    expect(privilegesAt(accessView(spec), 'hal@pve', '/').has('VM.Monitor')).toBe(false);
    const old = accessView({ ...spec, release: '8.4' });
    expect(privilegesAt(old, 'hal@pve', '/').has('VM.Monitor')).toBe(true);
  });
});

describe('effective permissions and cap', () => {
  const view = accessView({
    users: { 'ivy@pve': {} },
    pools: { dev: { vms: [100], storage: ['nfs'] } },
    acl: [
      { path: '/vms/100', user: 'ivy@pve', role: 'PVEVMUser', propagate: false },
      { path: '/pool/dev', user: 'ivy@pve', role: 'PVEDatastoreUser' },
      { path: '/nodes/pve1', user: 'ivy@pve', role: 'PVESysAdmin' },
      { path: '/', user: 'ivy@pve', role: 'PVEMappingUser', propagate: false },
    ],
  });

  test('effective permissions list every path with privileges and their flags', () => {
    const result = effectivePermissions(view, 'ivy@pve');
    expect(Object.keys(result).sort()).toEqual(
      ['/', '/nodes/pve1', '/pool/dev', '/storage/nfs', '/vms/100'].sort(),
    );
    expect(result['/vms/100']?.['VM.Console']).toBe(0);
    expect(result['/nodes/pve1']?.['Sys.Audit']).toBe(1);
    expect(result['/storage/nfs']).toEqual({ 'Datastore.AllocateSpace': 0, 'Datastore.Audit': 0 });
  });

  test('cap sorts privileges into areas by path and name', () => {
    const cap = computeCap(view, 'ivy@pve');
    expect(sorted(Object.keys(cap.vms))).toEqual(role('PVEVMUser'));
    expect(sorted(Object.keys(cap.nodes))).toEqual(role('PVESysAdmin'));
    expect(sorted(Object.keys(cap.storage))).toEqual(role('PVEDatastoreUser'));
    // Mapping privileges on `/` count for no area: `/` is the dc area, which takes Sys and SDN.
    expect(cap.dc).toEqual({});
    expect(cap.mapping).toEqual({});
    expect(cap.access).toEqual({});
    expect(cap.sdn).toEqual({});
  });

  test('root@pam gets every privilege of each area in its cap', () => {
    const cap = computeCap(view, 'root@pam');
    expect(Object.keys(cap.dc).sort()).toEqual([
      'SDN.Allocate',
      'SDN.Audit',
      'SDN.Use',
      'Sys.Audit',
      'Sys.Modify',
    ]);
    expect(cap.access).toEqual({ 'Group.Allocate': 1, 'Permissions.Modify': 1, 'User.Modify': 1 });
    expect(Object.keys(cap.vms)).toContain('Permissions.Modify');
  });
});
