/**
 * The user-management forms of the check language: `userid-param` (acting on oneself, or
 * holding Realm.AllocateUser on the user's realm) and `userid-group` (holding a privilege on a
 * group the user is in).
 */
import {
  type CheckContext,
  checkPrivileges,
  optionPairs,
  PermissionFailure,
  permissionDenied,
} from './permissions-checker.js';
import { realmOf, splitList, verifyUserid } from './permissions-path.js';

export function checkUseridParam(
  context: CheckContext,
  args: readonly unknown[],
  quiet: boolean,
): boolean {
  const userid = useridParam(context);
  // An unparsable userid is an error even inside `or`: Proxmox dies before any check.
  const valid = verifyUserid(userid);
  if (!valid.ok) throw new PermissionFailure(500, valid.message);

  const [subtest] = args;
  if (subtest === 'self') {
    if (!userExists(context, userid, quiet)) return false;
    if (context.authid === userid) return true;
    if (quiet) return false;
    throw permissionDenied();
  }
  if (subtest === 'Realm.AllocateUser') {
    const path = `/access/realm/${realmOf(userid ?? '')}`;
    return checkPrivileges(context, path, ['Realm.AllocateUser'], false, quiet);
  }
  throw new PermissionFailure(500, subtest ? 'unknown userid-param test' : 'missing parameters');
}

export function checkUseridGroup(
  context: CheckContext,
  args: readonly unknown[],
  quiet: boolean,
): boolean {
  const [privilegeList, ...optionList] = args;
  const privileges = Array.isArray(privilegeList) ? privilegeList.map(String) : [];
  const groupsParam = optionPairs(optionList).get('groups_param');
  // On create the user does not exist yet; on update and delete it must.
  const existingUser = groupsParam !== 'create';
  const userid = useridParam(context);
  if (existingUser && !userExists(context, userid, quiet)) return false;

  // Holding the privilege on all groups covers every user.
  if (checkPrivileges(context, '/access/groups', privileges, true, true)) return true;

  const allowedGroups = groupsWithAnyOf(context, privileges);
  const wanted = privileges.join('|');
  if (groupsParam) {
    const requested = splitList(context.params.groups);
    if (requested.length === 0) throw permissionDenied(`/access/groups, ${wanted}`);
    for (const group of requested) {
      if (!allowedGroups.has(group)) throw permissionDenied(`/access/groups/${group}, ${wanted}`);
    }
  }

  if (existingUser && !isMemberOfAny(context, allowedGroups, userid ?? '')) {
    if (quiet) return false;
    throw permissionDenied();
  }
  return true;
}

function groupsWithAnyOf(context: CheckContext, privileges: readonly string[]): Set<string> {
  const groups = new Set<string>();
  for (const groupid of context.view.groups.keys()) {
    if (checkPrivileges(context, `/access/groups/${groupid}`, privileges, true, true)) {
      groups.add(groupid);
    }
  }
  return groups;
}

function isMemberOfAny(
  context: CheckContext,
  groups: ReadonlySet<string>,
  userid: string,
): boolean {
  for (const groupid of groups) {
    if (context.view.groups.get(groupid)?.members.has(userid)) return true;
  }
  return false;
}

/** Proxmox's `check_user_exist`: a bad name or an unknown user is an error unless quiet. */
function userExists(context: CheckContext, userid: string | undefined, quiet: boolean): boolean {
  const valid = verifyUserid(userid);
  if (!valid.ok) {
    if (quiet) return false;
    throw new PermissionFailure(500, valid.message);
  }
  if (userid !== undefined && context.view.users.has(userid)) return true;
  if (quiet) return false;
  throw new PermissionFailure(500, `no such user ('${userid}')`);
}

function useridParam(context: CheckContext): string | undefined {
  const value = context.params.userid;
  return value === undefined || value === null ? undefined : String(value);
}
