import { describe, expect, test } from 'vitest';
import { builtinRoles, isPrivilege, isReservedRoleId, privilegesOf } from '../src/auth/roles.js';
import { sorted } from './permissions-fixture.js';

// The privilege list of PVE 9.1 as FACTS §9 gives it (`valid_privs`), written out by hand so the
// table in roles.ts is checked against an independent copy.
const PRIVILEGES_9_1 = [
  'Datastore.Allocate',
  'Datastore.AllocateSpace',
  'Datastore.AllocateTemplate',
  'Datastore.Audit',
  'Group.Allocate',
  'Mapping.Audit',
  'Mapping.Modify',
  'Mapping.Use',
  'Permissions.Modify',
  'Pool.Allocate',
  'Pool.Audit',
  'Realm.Allocate',
  'Realm.AllocateUser',
  'SDN.Allocate',
  'SDN.Audit',
  'SDN.Use',
  'Sys.AccessNetwork',
  'Sys.Audit',
  'Sys.Console',
  'Sys.Incoming',
  'Sys.Modify',
  'Sys.PowerMgmt',
  'Sys.Syslog',
  'User.Modify',
  'VM.Allocate',
  'VM.Audit',
  'VM.Backup',
  'VM.Clone',
  'VM.Config.CDROM',
  'VM.Config.CPU',
  'VM.Config.Cloudinit',
  'VM.Config.Disk',
  'VM.Config.HWType',
  'VM.Config.Memory',
  'VM.Config.Network',
  'VM.Config.Options',
  'VM.Console',
  'VM.GuestAgent.Audit',
  'VM.GuestAgent.FileRead',
  'VM.GuestAgent.FileSystemMgmt',
  'VM.GuestAgent.FileWrite',
  'VM.GuestAgent.Unrestricted',
  'VM.Migrate',
  'VM.PowerMgmt',
  'VM.Replicate',
  'VM.Snapshot',
  'VM.Snapshot.Rollback',
];

const ROLES_9_1: Record<string, string[]> = {
  NoAccess: [],
  PVEAuditor: [
    'Datastore.Audit',
    'Mapping.Audit',
    'Pool.Audit',
    'SDN.Audit',
    'Sys.Audit',
    'VM.Audit',
    'VM.GuestAgent.Audit',
  ],
  PVEVMAdmin: PRIVILEGES_9_1.filter((name) => name.startsWith('VM.')),
  PVEVMUser: [
    'VM.Audit',
    'VM.Backup',
    'VM.Config.CDROM',
    'VM.Config.Cloudinit',
    'VM.Console',
    'VM.GuestAgent.Audit',
    'VM.GuestAgent.FileRead',
    'VM.GuestAgent.FileSystemMgmt',
    'VM.GuestAgent.FileWrite',
    'VM.PowerMgmt',
  ],
  PVESysAdmin: ['Sys.Audit', 'Sys.Console', 'Sys.Syslog'],
  PVEDatastoreAdmin: [
    'Datastore.Allocate',
    'Datastore.AllocateSpace',
    'Datastore.AllocateTemplate',
    'Datastore.Audit',
  ],
  PVEDatastoreUser: ['Datastore.AllocateSpace', 'Datastore.Audit'],
  PVESDNAdmin: ['SDN.Allocate', 'SDN.Audit', 'SDN.Use'],
  PVESDNUser: ['SDN.Audit', 'SDN.Use'],
  PVEUserAdmin: ['Group.Allocate', 'Realm.AllocateUser', 'User.Modify'],
  PVEPoolAdmin: ['Pool.Allocate', 'Pool.Audit'],
  PVEPoolUser: ['Pool.Audit'],
  PVEMappingAdmin: ['Mapping.Audit', 'Mapping.Modify', 'Mapping.Use'],
  PVEMappingUser: ['Mapping.Audit', 'Mapping.Use'],
  PVETemplateUser: ['VM.Audit', 'VM.Clone'],
};

describe('PVE 9.1 privileges and built-in roles', () => {
  const roles = builtinRoles('9.1');

  test('the release knows exactly the 9.1 privileges', () => {
    expect(privilegesOf('9.1')).toEqual(sorted(PRIVILEGES_9_1));
    expect(isPrivilege('VM.Monitor', '9.1')).toBe(false);
  });

  test('Administrator holds every privilege', () => {
    expect(sorted(roles.get('Administrator') ?? [])).toEqual(sorted(PRIVILEGES_9_1));
  });

  test.each(Object.entries(ROLES_9_1))('%s holds exactly its privileges', (roleid, expected) => {
    expect(sorted(roles.get(roleid) ?? ['(role missing)'])).toEqual(sorted(expected));
  });

  test('PVEAdmin holds everything but the root-only privileges and Mapping.Modify', () => {
    const rootOnly = [
      'Mapping.Modify',
      'Permissions.Modify',
      'Realm.Allocate',
      'Sys.AccessNetwork',
      'Sys.Incoming',
      'Sys.Modify',
      'Sys.PowerMgmt',
    ];
    const expected = PRIVILEGES_9_1.filter((name) => !rootOnly.includes(name));
    expect(sorted(roles.get('PVEAdmin') ?? [])).toEqual(sorted(expected));
  });

  test('there are no other built-in roles', () => {
    expect(sorted(roles.keys())).toEqual(
      sorted([...Object.keys(ROLES_9_1), 'Administrator', 'PVEAdmin']),
    );
  });
});

describe('PVE 8.4 compatibility', () => {
  const roles = builtinRoles('8.4');

  test('8.4 has VM.Monitor and none of the guest-agent privileges or VM.Replicate', () => {
    expect(isPrivilege('VM.Monitor', '8.4')).toBe(true);
    expect(privilegesOf('8.4').filter((name) => name.startsWith('VM.GuestAgent'))).toEqual([]);
    expect(isPrivilege('VM.Replicate', '8.4')).toBe(false);
  });

  test('VM.Monitor belongs to PVEVMAdmin and PVEAdmin, not to PVEVMUser', () => {
    expect(roles.get('PVEVMAdmin')?.has('VM.Monitor')).toBe(true);
    expect(roles.get('PVEAdmin')?.has('VM.Monitor')).toBe(true);
    expect(sorted(roles.get('PVEVMUser') ?? [])).toEqual([
      'VM.Audit',
      'VM.Backup',
      'VM.Config.CDROM',
      'VM.Config.Cloudinit',
      'VM.Console',
      'VM.PowerMgmt',
    ]);
  });
});

test('built-in role ids and the PVE prefix are reserved', () => {
  expect(isReservedRoleId('Administrator')).toBe(true);
  expect(isReservedRoleId('NoAccess')).toBe(true);
  expect(isReservedRoleId('PVEMyRole')).toBe(true);
  expect(isReservedRoleId('Operators')).toBe(false);
});
