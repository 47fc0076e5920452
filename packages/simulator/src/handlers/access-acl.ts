import type { Authentication } from '../auth/authenticate.js';
import { effectivePermissions, privilegeGrantsAt, ROOT_USERID } from '../auth/permissions.js';
import { normalizeAclPath } from '../auth/permissions-path.js';
import { HttpError, parameterError, permissionError } from '../router/http-error.js';
import { type HandlerRequest, ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { booleanParam, listParam, requiredString, stringParam } from './params.js';

type Request = HandlerRequest<SimulatorState>;

function callerOf(auth: Authentication): string {
  if (auth.kind === 'token') return auth.tokenid;
  if (auth.kind === 'ticket') return auth.userid;
  throw new HttpError(401, 'No ticket', { emptyBody: true });
}

// Proxmox shows an ACL entry to whoever may audit or change permissions on its path.
function listAcl({ state, auth }: Request) {
  const view = state.accessView();
  const caller = callerOf(auth);
  const visible = state.access.acl.filter((entry) => {
    const held = privilegeGrantsAt(view, caller, entry.path);
    return held.has('Sys.Audit') || held.has('Permissions.Modify');
  });
  return ok(
    visible.map((entry) => ({
      path: entry.path,
      type: entry.type,
      ugid: entry.ugid,
      roleid: entry.roleid,
      propagate: entry.propagate ? 1 : 0,
    })),
  );
}

function checkSubjectsExist(
  state: SimulatorState,
  users: string[],
  groups: string[],
  tokens: string[],
) {
  for (const userid of users) {
    if (state.users.get(userid) === undefined)
      throw new HttpError(500, `user '${userid}' does not exist`);
  }
  for (const groupid of groups) {
    if (!state.access.groups.has(groupid))
      throw new HttpError(500, `group '${groupid}' does not exist`);
  }
  for (const tokenid of tokens) {
    const [userid = '', name = ''] = tokenid.split('!');
    if (state.users.get(userid)?.tokens.has(name) !== true) {
      throw new HttpError(500, `no such token '${name}' for user '${userid}'`);
    }
  }
}

function updateAcl({ state, params }: Request) {
  const path = normalizeAclPath(requiredString(params, 'path'));
  if (path === undefined) throw parameterError({ path: 'invalid ACL path' });
  const roles = listParam(params, 'roles') ?? [];
  const users = listParam(params, 'users') ?? [];
  const groups = listParam(params, 'groups') ?? [];
  const tokens = listParam(params, 'tokens') ?? [];
  const remove = booleanParam(params, 'delete') ?? false;
  const missingRole = roles.find((roleid) => !state.access.hasRole(roleid));
  if (missingRole !== undefined) throw new HttpError(500, `role '${missingRole}' does not exist`);
  if (!remove) checkSubjectsExist(state, users, groups, tokens);

  state.access.changeAcl({
    path,
    roles,
    users,
    groups,
    tokens,
    propagate: booleanParam(params, 'propagate') ?? true,
    delete: remove,
  });
  return ok(null);
}

// Another user's permissions are visible to root@pam and to holders of Sys.Audit on /access.
function readPermissions({ state, params, auth }: Request) {
  const caller = callerOf(auth);
  const subject = stringParam(params, 'userid') ?? caller;
  const view = state.accessView();
  const ownTokens = auth.kind !== 'anonymous' && subject.startsWith(`${auth.userid}!`);
  if (subject !== caller && !ownTokens && caller !== ROOT_USERID) {
    if (!privilegeGrantsAt(view, caller, '/access').has('Sys.Audit')) {
      throw permissionError('/access, Sys.Audit');
    }
  }
  const path = stringParam(params, 'path');
  if (path === undefined) return ok(effectivePermissions(view, subject));
  const grants = privilegeGrantsAt(view, subject, normalizeAclPath(path) ?? path);
  return ok({
    [path]: Object.fromEntries([...grants].map(([name, flag]) => [name, flag ? 1 : 0])),
  });
}

export const aclRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/access/acl',
    handler: listAcl,
  },
  {
    method: 'PUT',
    path: '/access/acl',
    handler: updateAcl,
  },
  {
    method: 'GET',
    path: '/access/permissions',
    handler: readPermissions,
  },
];
