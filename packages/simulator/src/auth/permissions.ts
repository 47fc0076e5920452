/**
 * The permission evaluator: which privileges a user or API token holds on an ACL path.
 *
 * Follows `PVE::AccessControl::roles` (the ACL walk) and `PVE::RPCEnvironment::permissions`
 * (pools, token privilege separation):
 * https://github.com/proxmox/pve-access-control/blob/master/src/PVE/AccessControl.pm
 * https://github.com/proxmox/pve-access-control/blob/master/src/PVE/RPCEnvironment.pm
 */
import { normalizeAclPath, pathLevels, splitTokenId, verifyUserid } from './permissions-path.js';
import type { AccessView, AclEntry } from './permissions-view.js';
import { builtinRoles, DEFAULT_RELEASE } from './roles.js';

export const ROOT_USERID = 'root@pam';

/** Role id → whether it propagates, as it applies at one path. */
type RoleGrants = Map<string, boolean>;

/** Privilege → whether it propagates (informational, as `GET /access/permissions` shows it). */
export type PrivilegeGrants = ReadonlyMap<string, boolean>;

/** The effective privileges of a user or token (`user@realm!tokenid`) on an ACL path. */
export function privilegesAt(view: AccessView, authid: string, path: string): Set<string> {
  return new Set(privilegeGrantsAt(view, authid, path).keys());
}

/** Like `privilegesAt`, keeping each privilege's propagate flag. */
export function privilegeGrantsAt(view: AccessView, authid: string, path: string): PrivilegeGrants {
  if (authid === ROOT_USERID) return administratorGrants(view);
  const target = normalizeAclPath(path) ?? path;

  const token = splitTokenId(authid);
  if (token !== undefined) {
    const info = view.users.get(token.userid)?.tokens.get(token.token);
    if (info === undefined) return new Map();
    if (!info.privsep) return privilegeGrantsAt(view, token.userid, target);
  } else if (!verifyUserid(authid).ok) {
    return new Map();
  }

  const grants = grantsFromRoles(view, withPoolRoles(view, authid, target));
  if (token === undefined) return grants;
  return intersect(grants, privilegeGrantsAt(view, token.userid, target));
}

function roleExists(view: AccessView, roleid: string): boolean {
  return builtinRoles(view.release ?? DEFAULT_RELEASE).has(roleid) || view.roles.has(roleid);
}

/** The privileges of a role: built-in roles of the view's release first, then custom roles. */
export function rolePrivileges(view: AccessView, roleid: string): ReadonlySet<string> {
  const builtin = builtinRoles(view.release ?? DEFAULT_RELEASE).get(roleid);
  if (builtin !== undefined) return builtin;
  const custom = view.roles.get(roleid);
  return custom === undefined ? new Set() : new Set(custom);
}

/**
 * The roles that apply to `authid` at `path` from regular ACLs: walk from `/` down; at each level
 * token entries override user entries, which override group entries, and any that apply replace
 * what was inherited. Non-propagating entries count only at the path itself. Pools are not
 * considered here.
 */
export function rolesAt(view: AccessView, authid: string, path: string): RoleGrants {
  if (authid === ROOT_USERID) return new Map([['Administrator', true]]);

  const token = splitTokenId(authid);
  if (token !== undefined) {
    const info = view.users.get(token.userid)?.tokens.get(token.token);
    if (info === undefined) return new Map();
    if (!info.privsep) return rolesAt(view, token.userid, path);
  } else if (!view.users.has(authid)) {
    // Proxmox drops ACL entries and group memberships of users that do not exist.
    return new Map();
  }

  const target = normalizeAclPath(path) ?? path;
  const entriesByPath = indexAcl(view.acl);
  let roles: RoleGrants = new Map();
  for (const level of pathLevels(target)) {
    const entries = entriesByPath.get(level) ?? [];
    const applying = applyingEntries(view, entries, authid, level === target);
    if (applying.size > 0) roles = applying;
  }

  const noAccess = roles.get('NoAccess');
  return noAccess === undefined ? roles : new Map([['NoAccess', noAccess]]);
}

function applyingEntries(
  view: AccessView,
  entries: readonly AclEntry[],
  authid: string,
  final: boolean,
): RoleGrants {
  // An entry naming a role that does not exist is dropped when Proxmox reads `user.cfg`.
  const counts = (entry: AclEntry) => (final || entry.propagate) && roleExists(view, entry.roleid);
  const tiers: ((entry: AclEntry) => boolean)[] = [
    (entry) => entry.type === 'token' && entry.ugid === authid,
    (entry) => entry.type === 'user' && entry.ugid === authid,
    (entry) => entry.type === 'group' && view.groups.get(entry.ugid)?.members.has(authid) === true,
  ];
  for (const belongs of tiers) {
    const grants: RoleGrants = new Map();
    for (const entry of entries) {
      if (belongs(entry) && counts(entry)) grants.set(entry.roleid, entry.propagate);
    }
    if (grants.size > 0) return grants;
  }
  return new Map();
}

/**
 * Adds the roles granted on `/pool/<id>` to the pool's member VMs and storages, never
 * propagating. Regular ACL roles win, a regular NoAccess is never lifted, and a pool NoAccess
 * overrides everything else.
 */
function withPoolRoles(view: AccessView, authid: string, path: string): RoleGrants {
  const roles = rolesAt(view, authid, path);
  if (roles.has('NoAccess')) return roles;

  const poolRoles = new Set<string>();
  for (const [poolid, pool] of view.pools) {
    if (!poolHoldsPath(pool.vms, pool.storage, path)) continue;
    for (const roleid of rolesAt(view, authid, `/pool/${poolid}`).keys()) poolRoles.add(roleid);
  }

  if (poolRoles.has('NoAccess')) return new Map([['NoAccess', false]]);
  for (const roleid of poolRoles) {
    if (!roles.has(roleid)) roles.set(roleid, false);
  }
  return roles;
}

function poolHoldsPath(vms: Iterable<number>, storage: Iterable<string>, path: string): boolean {
  if (path.startsWith('/vms/')) {
    for (const vmid of vms) if (`/vms/${vmid}` === path) return true;
  } else if (path.startsWith('/storage/')) {
    for (const storeid of storage) if (`/storage/${storeid}` === path) return true;
  }
  return false;
}

function grantsFromRoles(view: AccessView, roles: RoleGrants): Map<string, boolean> {
  const grants = new Map<string, boolean>();
  for (const [roleid, propagate] of roles) {
    for (const privilege of rolePrivileges(view, roleid)) {
      grants.set(privilege, (grants.get(privilege) ?? false) || propagate);
    }
  }
  return grants;
}

function intersect(
  tokenGrants: PrivilegeGrants,
  userGrants: PrivilegeGrants,
): Map<string, boolean> {
  const result = new Map<string, boolean>();
  for (const [privilege, propagate] of tokenGrants) {
    const userPropagate = userGrants.get(privilege);
    if (userPropagate !== undefined) result.set(privilege, userPropagate && propagate);
  }
  return result;
}

function administratorGrants(view: AccessView): Map<string, boolean> {
  return new Map([...rolePrivileges(view, 'Administrator')].map((privilege) => [privilege, true]));
}

function indexAcl(acl: Iterable<AclEntry>): Map<string, AclEntry[]> {
  const index = new Map<string, AclEntry[]>();
  for (const entry of acl) {
    const path = normalizeAclPath(entry.path);
    if (path === undefined) continue;
    const list = index.get(path) ?? [];
    list.push(entry);
    index.set(path, list);
  }
  return index;
}

/** Every path that carries an ACL entry, with all its ancestors (Proxmox's ACL tree nodes). */
export function aclTreePaths(view: AccessView): string[] {
  const paths = new Set<string>(['/']);
  for (const path of indexAcl(view.acl).keys()) {
    for (const level of pathLevels(path)) paths.add(level);
  }
  return [...paths].sort();
}

const TOP_LEVEL_PATHS = ['/', '/access', '/access/groups', '/nodes', '/pool', '/sdn'];

/**
 * All paths on which `authid` holds any privilege, as `GET /access/permissions` without `path`
 * answers: the top-level paths, every ACL path and every pool member, privileges as 1 (propagates)
 * or 0.
 */
export function effectivePermissions(
  view: AccessView,
  authid: string,
): Record<string, Record<string, 0 | 1>> {
  const paths = new Set([...TOP_LEVEL_PATHS, '/storage', '/vms', ...aclTreePaths(view)]);
  for (const pool of view.pools.values()) {
    for (const vmid of pool.vms) paths.add(`/vms/${vmid}`);
    for (const storeid of pool.storage) paths.add(`/storage/${storeid}`);
  }

  const result: Record<string, Record<string, 0 | 1>> = {};
  for (const path of [...paths].sort()) {
    const grants = privilegeGrantsAt(view, authid, path);
    if (grants.size === 0) continue;
    result[path] = Object.fromEntries([...grants].map(([name, flag]) => [name, flag ? 1 : 0]));
  }
  return result;
}
