import type { AccessView, AclEntry } from '../auth/permissions-view.js';
import { builtinRoles, isPrivilege, isReservedRoleId } from '../auth/roles.js';
import { SimulatorError } from '../errors.js';
import type { PoolState } from './cluster/index.js';
import type { UserStore } from './users.js';

/** One `PUT /access/acl`: roles granted on a path to users, groups and tokens. */
export interface AclChange {
  readonly path: string;
  readonly roles: string | readonly string[];
  readonly users?: string | readonly string[];
  readonly groups?: string | readonly string[];
  readonly tokens?: string | readonly string[];
  /** Default true. */
  readonly propagate?: boolean;
  /** Remove these grants instead of adding them. */
  readonly delete?: boolean;
}

function asList(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/**
 * Groups, custom roles and ACL of `user.cfg`; with the user store and the cluster's pools it
 * is the view the permission evaluator reads.
 */
/** One realm of `domains.cfg`: its `type` and whatever else it was configured with. */
export type DomainConfig = { type: string } & Record<string, string | number>;

export class AccessConfig {
  /** Authentication realms by name; `pam` and `pve` always exist. */
  readonly domains = new Map<string, DomainConfig>([
    ['pam', { type: 'pam', comment: 'Linux PAM standard authentication' }],
    ['pve', { type: 'pve', comment: 'Proxmox VE authentication server', default: 1 }],
  ]);
  readonly groups = new Map<string, { members: Set<string>; comment?: string }>();
  readonly roles = new Map<string, Set<string>>();
  readonly acl: AclEntry[] = [];

  addGroup(groupid: string, members: readonly string[] = []): void {
    if (!/^[A-Za-z0-9.\-_]+$/.test(groupid)) {
      throw new SimulatorError(
        'INVALID_GROUP',
        `group id '${groupid}' may hold letters, digits, '.', '-', '_'`,
      );
    }
    const group = this.groups.get(groupid) ?? { members: new Set<string>() };
    for (const member of members) group.members.add(member);
    this.groups.set(groupid, group);
  }

  /** The groups a user belongs to, sorted. */
  groupsOf(userid: string): string[] {
    const names = [...this.groups].filter(([, group]) => group.members.has(userid));
    return names.map(([groupid]) => groupid).sort();
  }

  /** Puts a user in exactly these groups (or, with `append`, in these as well). */
  setGroupsOf(userid: string, groupids: readonly string[], append = false): void {
    for (const [groupid, group] of this.groups) {
      if (groupids.includes(groupid)) group.members.add(userid);
      else if (!append) group.members.delete(userid);
    }
  }

  /** Forgets a deleted user: group memberships and ACL entries of the user and its tokens. */
  removeUser(userid: string): void {
    for (const group of this.groups.values()) group.members.delete(userid);
    this.#removeAclWhere(
      (entry) =>
        (entry.type === 'user' && entry.ugid === userid) ||
        (entry.type === 'token' && entry.ugid.startsWith(`${userid}!`)),
    );
  }

  removeGroup(groupid: string): void {
    this.groups.delete(groupid);
    this.#removeAclWhere((entry) => entry.type === 'group' && entry.ugid === groupid);
  }

  #removeAclWhere(matches: (entry: AclEntry) => boolean): void {
    for (let index = this.acl.length - 1; index >= 0; index--) {
      const entry = this.acl[index];
      if (entry !== undefined && matches(entry)) this.acl.splice(index, 1);
    }
  }

  addRole(roleid: string, privileges: readonly string[]): void {
    if (isReservedRoleId(roleid)) {
      throw new SimulatorError(
        'INVALID_ROLE',
        `role '${roleid}' is built in or uses the reserved 'PVE' prefix; pick another id`,
      );
    }
    const unknown = privileges.filter((privilege) => !isPrivilege(privilege));
    if (unknown.length > 0) {
      throw new SimulatorError('INVALID_ROLE', `unknown privileges: ${unknown.join(', ')}`);
    }
    this.roles.set(roleid, new Set(privileges));
  }

  hasRole(roleid: string): boolean {
    return builtinRoles().has(roleid) || this.roles.has(roleid);
  }

  /** Applies an ACL change: each role to each named user, group and token. */
  changeAcl(change: AclChange): void {
    const subjects: [AclEntry['type'], readonly string[]][] = [
      ['user', asList(change.users)],
      ['group', asList(change.groups)],
      ['token', asList(change.tokens)],
    ];
    for (const roleid of asList(change.roles)) {
      for (const [type, ugids] of subjects) {
        for (const ugid of ugids) this.#apply(change, { path: change.path, type, ugid, roleid });
      }
    }
  }

  #apply(change: AclChange, key: Omit<AclEntry, 'propagate'>): void {
    const index = this.acl.findIndex(
      (entry) =>
        entry.path === key.path &&
        entry.type === key.type &&
        entry.ugid === key.ugid &&
        entry.roleid === key.roleid,
    );
    if (index >= 0) this.acl.splice(index, 1);
    if (change.delete !== true) this.acl.push({ ...key, propagate: change.propagate ?? true });
  }
}

/** The evaluator's view: users, the access config, and pool membership from the cluster. */
export function accessView(
  users: UserStore,
  config: AccessConfig,
  pools: Record<string, PoolState>,
): AccessView {
  const members = Object.values(pools).map(
    (pool) => [pool.poolid, { vms: pool.vmids, storage: pool.storages }] as const,
  );
  return {
    users: new Map(users.list().map((user) => [user.userid, user])),
    groups: config.groups,
    roles: config.roles,
    acl: config.acl,
    pools: new Map(members),
  };
}
