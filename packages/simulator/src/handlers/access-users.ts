import { checkPermission, type PermissionSpec } from '../auth/permissions-check.js';
import { HttpError, parameterError } from '../router/http-error.js';
import type { Params } from '../router/params.js';
import { type HandlerRequest, ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { USERID_PATTERN, type UserProfile, type UserRecord } from '../state/users.js';
import { booleanParam, integerParam, listParam, requiredString, stringParam } from './params.js';

type Request = HandlerRequest<SimulatorState>;

const PROFILE_FIELDS = ['comment', 'email', 'firstname', 'lastname'] as const;

const READ_USER: PermissionSpec = { check: ['userid-group', ['User.Modify', 'Sys.Audit']] };

function realmType(userid: string): string {
  const realm = userid.slice(userid.lastIndexOf('@') + 1);
  return realm === 'pam' ? 'pam' : 'pve';
}

function existingUser(state: SimulatorState, userid: string): UserRecord {
  const user = state.users.get(userid);
  if (user === undefined) throw new HttpError(500, `no such user ('${userid}')`);
  return user;
}

function applyProfile(profile: UserProfile, params: Params): void {
  for (const field of PROFILE_FIELDS) {
    const value = stringParam(params, field);
    if (value !== undefined) profile[field] = value;
  }
}

function checkGroupsExist(state: SimulatorState, groupids: readonly string[]): void {
  const missing = groupids.find((groupid) => !state.access.groups.has(groupid));
  if (missing !== undefined) throw new HttpError(500, `no such group '${missing}'`);
}

function userSummary(state: SimulatorState, user: UserRecord, full: boolean) {
  const groups = state.access.groupsOf(user.userid);
  return {
    userid: user.userid,
    enable: user.enable ? 1 : 0,
    expire: user.expire,
    'realm-type': realmType(user.userid),
    ...user.profile,
    ...(groups.length > 0 ? { groups: groups.join(',') } : {}),
    ...(full
      ? { tokens: [...user.tokens.values()].map((token) => ({ tokenid: token.tokenid })) }
      : {}),
  };
}

// Proxmox lists the caller and the users the caller may audit or modify.
function listUsers({ state, params, auth }: Request) {
  const enabledOnly = booleanParam(params, 'enabled');
  const full = booleanParam(params, 'full') ?? false;
  const view = state.accessView();
  const caller = auth.kind === 'token' ? auth.tokenid : auth.kind === 'ticket' ? auth.userid : null;
  const visible = state.users.list().filter((user) => {
    if (enabledOnly === true && !user.enable) return false;
    if (auth.kind !== 'anonymous' && user.userid === auth.userid) return true;
    return checkPermission(view, caller, READ_USER, { userid: user.userid }).allowed;
  });
  return ok(visible.map((user) => userSummary(state, user, full)));
}

function createUser({ state, params }: Request) {
  const userid = requiredString(params, 'userid');
  if (!USERID_PATTERN.test(userid)) {
    throw parameterError({ userid: `value '${userid}' does not look like a valid user name` });
  }
  if (state.users.get(userid) !== undefined) {
    throw new HttpError(500, `create user failed: user '${userid}' already exists`);
  }
  const groups = listParam(params, 'groups') ?? [];
  checkGroupsExist(state, groups);
  const enable = booleanParam(params, 'enable');
  const expire = integerParam(params, 'expire');
  const password = stringParam(params, 'password');
  const user = state.users.put({
    userid,
    ...(password !== undefined ? { password } : {}),
    ...(enable !== undefined ? { enable } : {}),
    ...(expire !== undefined ? { expire } : {}),
  });
  applyProfile(user.profile, params);
  state.access.setGroupsOf(userid, groups);
  return ok(null);
}

function updateUser({ state, params }: Request) {
  const user = existingUser(state, String(params.userid));
  const enable = booleanParam(params, 'enable');
  const expire = integerParam(params, 'expire');
  if (enable !== undefined) user.enable = enable;
  if (expire !== undefined) user.expire = expire;
  applyProfile(user.profile, params);
  const groups = listParam(params, 'groups');
  if (groups !== undefined) {
    checkGroupsExist(state, groups);
    state.access.setGroupsOf(user.userid, groups, booleanParam(params, 'append') ?? false);
  }
  return ok(null);
}

function readUser({ state, params }: Request) {
  const user = existingUser(state, String(params.userid));
  const tokens = Object.fromEntries(
    [...user.tokens.values()].map((token) => [
      token.tokenid,
      { privsep: token.privsep ? 1 : 0, expire: token.expire },
    ]),
  );
  return ok({
    enable: user.enable ? 1 : 0,
    expire: user.expire,
    ...user.profile,
    groups: state.access.groupsOf(user.userid),
    tokens,
  });
}

function deleteUser({ state, params }: Request) {
  const user = existingUser(state, String(params.userid));
  state.users.delete(user.userid);
  state.access.removeUser(user.userid);
  return ok(null);
}

export const userRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/access/users',
    handler: listUsers,
  },
  {
    method: 'POST',
    path: '/access/users',
    handler: createUser,
  },
  {
    method: 'GET',
    path: '/access/users/{userid}',
    handler: readUser,
  },
  {
    method: 'PUT',
    path: '/access/users/{userid}',
    handler: updateUser,
  },
  {
    method: 'DELETE',
    path: '/access/users/{userid}',
    handler: deleteUser,
  },
];
