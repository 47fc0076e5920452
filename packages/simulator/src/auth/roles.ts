/**
 * Privileges and built-in roles of Proxmox VE.
 *
 * Proxmox sorts every privilege into a category and a tier (root, admin, user, audit) and derives
 * the built-in roles from that table in `create_roles`:
 * https://github.com/proxmox/pve-access-control/blob/master/src/PVE/AccessControl.pm
 * We keep the same table, so the roles follow from it exactly as they do there.
 */

/** The releases whose privilege sets the simulator knows. */
export type PveRelease = '8.4' | '9.1';

export const DEFAULT_RELEASE: PveRelease = '9.1';

interface PrivilegeTiers {
  /** Only `Administrator` (and root@pam) hold these. */
  readonly root: readonly string[];
  readonly admin: readonly string[];
  readonly user: readonly string[];
  readonly audit: readonly string[];
}

type PrivilegeTable = Readonly<Record<string, PrivilegeTiers>>;

const VM_ADMIN_COMMON = [
  'VM.Allocate',
  'VM.Clone',
  'VM.Config.CPU',
  'VM.Config.Disk',
  'VM.Config.HWType',
  'VM.Config.Memory',
  'VM.Config.Network',
  'VM.Config.Options',
  'VM.Migrate',
  'VM.Snapshot',
  'VM.Snapshot.Rollback',
];

const VM_USER_COMMON = [
  'VM.Backup',
  'VM.Config.CDROM',
  'VM.Config.Cloudinit',
  'VM.Console',
  'VM.PowerMgmt',
];

const SHARED_CATEGORIES: PrivilegeTable = {
  Sys: {
    root: ['Sys.AccessNetwork', 'Sys.Incoming', 'Sys.Modify', 'Sys.PowerMgmt'],
    admin: ['Sys.Console', 'Sys.Syslog'],
    user: [],
    audit: ['Sys.Audit'],
  },
  Datastore: {
    root: [],
    admin: ['Datastore.Allocate', 'Datastore.AllocateTemplate'],
    user: ['Datastore.AllocateSpace'],
    audit: ['Datastore.Audit'],
  },
  SDN: {
    root: [],
    admin: ['SDN.Allocate', 'SDN.Audit'],
    user: ['SDN.Use'],
    audit: ['SDN.Audit'],
  },
  User: {
    root: ['Realm.Allocate'],
    admin: ['Group.Allocate', 'Realm.AllocateUser', 'User.Modify'],
    user: [],
    audit: [],
  },
  Pool: {
    root: [],
    admin: ['Pool.Allocate'],
    user: ['Pool.Audit'],
    audit: ['Pool.Audit'],
  },
  Mapping: {
    root: [],
    admin: ['Mapping.Modify'],
    user: ['Mapping.Use'],
    audit: ['Mapping.Audit'],
  },
};

// PVE 9 (libpve-access-control 9.0.2) dropped VM.Monitor for the VM.GuestAgent.* privileges and
// added VM.Replicate; 8.4 nodes still speak the old set.
const TABLES: Readonly<Record<PveRelease, PrivilegeTable>> = {
  '9.1': {
    VM: {
      root: [],
      admin: [...VM_ADMIN_COMMON, 'VM.GuestAgent.Unrestricted', 'VM.Replicate'],
      user: [
        ...VM_USER_COMMON,
        'VM.GuestAgent.FileRead',
        'VM.GuestAgent.FileSystemMgmt',
        'VM.GuestAgent.FileWrite',
      ],
      audit: ['VM.Audit', 'VM.GuestAgent.Audit'],
    },
    ...SHARED_CATEGORIES,
  },
  '8.4': {
    VM: {
      root: [],
      admin: [...VM_ADMIN_COMMON, 'VM.Monitor'],
      user: VM_USER_COMMON,
      audit: ['VM.Audit'],
    },
    ...SHARED_CATEGORIES,
  },
};

/** Belongs to no category, so only `Administrator` holds it. */
const UNGROUPED_PRIVILEGES = ['Permissions.Modify'];

/** Every privilege name a release knows, sorted. */
export function privilegesOf(release: PveRelease = DEFAULT_RELEASE): readonly string[] {
  return cachedRelease(release).privileges;
}

/** The built-in roles of a release: role id → its privileges. */
export function builtinRoles(
  release: PveRelease = DEFAULT_RELEASE,
): ReadonlyMap<string, ReadonlySet<string>> {
  return cachedRelease(release).roles;
}

/** Built-in role ids cannot be redefined, and the `PVE` prefix is reserved for them. */
export function isReservedRoleId(roleid: string): boolean {
  return roleid.startsWith('PVE') || builtinRoles().has(roleid);
}

export function isPrivilege(name: string, release: PveRelease = DEFAULT_RELEASE): boolean {
  return cachedRelease(release).privilegeSet.has(name);
}

interface ReleaseData {
  readonly privileges: readonly string[];
  readonly privilegeSet: ReadonlySet<string>;
  readonly roles: ReadonlyMap<string, ReadonlySet<string>>;
}

const cache = new Map<PveRelease, ReleaseData>();

function cachedRelease(release: PveRelease): ReleaseData {
  let data = cache.get(release);
  if (data === undefined) {
    data = buildRelease(TABLES[release]);
    cache.set(release, data);
  }
  return data;
}

function buildRelease(table: PrivilegeTable): ReleaseData {
  const all = new Set(UNGROUPED_PRIVILEGES);
  const roles = new Map<string, Set<string>>();
  const grant = (roleid: string, privileges: readonly string[]) => {
    const role = roles.get(roleid) ?? new Set<string>();
    for (const privilege of privileges) role.add(privilege);
    roles.set(roleid, role);
  };

  for (const [category, tiers] of Object.entries(table)) {
    for (const privilege of [...tiers.root, ...tiers.admin, ...tiers.user, ...tiers.audit]) {
      all.add(privilege);
    }
    const adminTier = [...tiers.admin, ...tiers.user, ...tiers.audit];
    grant(`PVE${category}Admin`, adminTier);
    grant('PVEAdmin', adminTier);
    // A category without user-tier privileges has no PVE<category>User role.
    if (tiers.user.length > 0) grant(`PVE${category}User`, [...tiers.user, ...tiers.audit]);
    grant('PVEAuditor', tiers.audit);
  }

  // Proxmox keeps mapping changes to Administrator and PVEMappingAdmin.
  roles.get('PVEAdmin')?.delete('Mapping.Modify');
  grant('PVETemplateUser', ['VM.Audit', 'VM.Clone']);
  grant('Administrator', [...all]);
  grant('NoAccess', []);

  return {
    privileges: [...all].sort(),
    privilegeSet: all,
    roles: new Map([...roles].sort(([a], [b]) => a.localeCompare(b))),
  };
}
