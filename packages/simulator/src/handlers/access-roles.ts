import { builtinRoles, isPrivilege, isReservedRoleId } from '../auth/roles.js';
import { HttpError } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { booleanParam, listParam } from './params.js';

// Custom roles (pve-access-control API2/Role.pm); the built-in ones are fixed.

function privileges(params: Record<string, unknown>): string[] {
  const privs = listParam(params, 'privs') ?? [];
  const unknown = privs.find((priv) => !isPrivilege(priv));
  if (unknown !== undefined) throw new HttpError(500, `invalid privilege '${unknown}'`);
  return privs;
}

function customRole(state: SimulatorState, roleid: string, action: string): Set<string> {
  if (builtinRoles().has(roleid)) {
    throw new HttpError(500, `auto-generated role '${roleid}' cannot be ${action}`);
  }
  const role = state.access.roles.get(roleid);
  if (role === undefined) throw new HttpError(500, `role '${roleid}' does not exist`);
  return role;
}

export const roleRoutes: Route<SimulatorState>[] = [
  {
    method: 'POST',
    path: '/access/roles',
    handler: ({ state, params }) => {
      const roleid = String(params.roleid);
      if (state.access.hasRole(roleid)) throw new HttpError(500, `role '${roleid}' already exists`);
      if (isReservedRoleId(roleid)) {
        throw new HttpError(500, `cannot use reserved role name '${roleid}'`);
      }
      state.access.roles.set(roleid, new Set(privileges(params)));
      return ok(null);
    },
  },
  {
    method: 'GET',
    path: '/access/roles/{roleid}',
    handler: ({ state, params }) => {
      const roleid = String(params.roleid);
      const role = builtinRoles().get(roleid) ?? state.access.roles.get(roleid);
      if (role === undefined) throw new HttpError(500, `role '${roleid}' does not exist`);
      return ok(Object.fromEntries([...role].sort().map((priv) => [priv, 1])));
    },
  },
  {
    method: 'PUT',
    path: '/access/roles/{roleid}',
    handler: ({ state, params }) => {
      const role = customRole(state, String(params.roleid), 'modified');
      const privs = privileges(params);
      if (booleanParam(params, 'append') !== true) role.clear();
      for (const priv of privs) role.add(priv);
      return ok(null);
    },
  },
  {
    method: 'DELETE',
    path: '/access/roles/{roleid}',
    handler: ({ state, params }) => {
      const roleid = String(params.roleid);
      customRole(state, roleid, 'deleted');
      state.access.roles.delete(roleid);
      // Proxmox drops the role's ACL entries with it (AccessControl.pm `delete_role`).
      const kept = state.access.acl.filter((entry) => entry.roleid !== roleid);
      state.access.acl.splice(0, state.access.acl.length, ...kept);
      return ok(null);
    },
  },
];
