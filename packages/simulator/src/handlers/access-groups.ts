import { privilegesAt } from '../auth/permissions.js';
import { builtinRoles } from '../auth/roles.js';
import { HttpError, parameterError } from '../router/http-error.js';
import { type HandlerRequest, ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { authidOf } from './guest-common.js';
import { requiredString, stringParam } from './params.js';

type Request = HandlerRequest<SimulatorState>;

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

// Proxmox lists only the groups on whose /access/groups/<group> the caller holds one of these.
const GROUP_LIST_PRIVILEGES = ['User.Modify', 'Sys.Audit', 'Group.Allocate'];

function listGroups({ state, auth }: Request) {
  const view = state.accessView();
  const authid = authidOf(auth);
  const visible = (groupid: string) => {
    const held = privilegesAt(view, authid, `/access/groups/${groupid}`);
    return GROUP_LIST_PRIVILEGES.some((privilege) => held.has(privilege));
  };
  return ok(
    [...state.access.groups]
      .filter(([groupid]) => visible(groupid))
      .map(([groupid, group]) => ({
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
    handler: listGroups,
  },
  {
    method: 'POST',
    path: '/access/groups',
    handler: createGroup,
  },
  {
    method: 'GET',
    path: '/access/groups/{groupid}',
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
    handler: ({ state, params }) => {
      existingGroup(state, String(params.groupid));
      state.access.removeGroup(String(params.groupid));
      return ok(null);
    },
  },
  {
    method: 'GET',
    path: '/access/roles',
    handler: listRoles,
  },
];
