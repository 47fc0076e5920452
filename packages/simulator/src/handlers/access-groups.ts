import { builtinRoles } from '../auth/roles.js';
import { HttpError, parameterError } from '../router/http-error.js';
import { type HandlerRequest, ok, type Route } from '../router/route.js';
import { param } from '../router/validate.js';
import type { SimulatorState } from '../state/state.js';
import { GROUPID } from './param-rules.js';
import { requiredString, stringParam } from './params.js';

type Request = HandlerRequest<SimulatorState>;

const GROUP_ALLOCATE = { check: ['perm', '/access/groups', ['Group.Allocate']] };

function createGroup({ state, params }: Request) {
  const groupid = requiredString(params, 'groupid');
  if (!/^[A-Za-z0-9.\-_]+$/.test(groupid)) {
    throw parameterError({ groupid: 'value does not match the regex pattern' });
  }
  if (state.access.groups.has(groupid)) {
    throw new HttpError(500, `create group failed: group '${groupid}' already exists`);
  }
  state.access.addGroup(groupid);
  const comment = stringParam(params, 'comment');
  const group = state.access.groups.get(groupid);
  if (group !== undefined && comment !== undefined) group.comment = comment;
  return ok(null);
}

function existingGroup(state: SimulatorState, groupid: string) {
  const group = state.access.groups.get(groupid);
  if (group === undefined) throw new HttpError(500, `group '${groupid}' does not exist`);
  return group;
}

// Limitation: every user sees every group; Proxmox hides groups the caller may not audit.
function listGroups({ state }: Request) {
  return ok(
    [...state.access.groups].map(([groupid, group]) => ({
      groupid,
      users: [...group.members].sort().join(','),
      ...(group.comment !== undefined ? { comment: group.comment } : {}),
    })),
  );
}

function listRoles({ state }: Request) {
  const builtin = [...builtinRoles()].map(([roleid, privs]) => ({
    roleid,
    privs: [...privs].sort().join(','),
    special: 1,
  }));
  const custom = [...state.access.roles].map(([roleid, privs]) => ({
    roleid,
    privs: [...privs].sort().join(','),
    special: 0,
  }));
  return ok([...builtin, ...custom]);
}

export const groupRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/access/groups',
    allowtoken: true,
    permissions: { user: 'all' },
    params: {},
    handler: listGroups,
  },
  {
    method: 'POST',
    path: '/access/groups',
    allowtoken: true,
    permissions: GROUP_ALLOCATE,
    params: { groupid: GROUPID, comment: param.string({ optional: true }) },
    handler: createGroup,
  },
  {
    method: 'GET',
    path: '/access/groups/{groupid}',
    allowtoken: true,
    permissions: { check: ['perm', '/access/groups', ['Sys.Audit', 'Group.Allocate'], 'any', 1] },
    params: { groupid: GROUPID },
    handler: ({ state, params }) => {
      const group = existingGroup(state, String(params.groupid));
      return ok({
        members: [...group.members].sort(),
        ...(group.comment !== undefined ? { comment: group.comment } : {}),
      });
    },
  },
  {
    method: 'DELETE',
    path: '/access/groups/{groupid}',
    allowtoken: true,
    permissions: GROUP_ALLOCATE,
    params: { groupid: GROUPID },
    handler: ({ state, params }) => {
      existingGroup(state, String(params.groupid));
      state.access.removeGroup(String(params.groupid));
      return ok(null);
    },
  },
  {
    method: 'GET',
    path: '/access/roles',
    allowtoken: true,
    permissions: { user: 'all' },
    params: {},
    handler: listRoles,
  },
];
