import { privilegesAt } from '../auth/permissions.js';
import { HttpError } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { nowSeconds } from '../state/state.js';
import {
  addTfaEntry,
  deleteTfaEntry,
  entryView,
  findEntry,
  tfaEntries,
  updateTfaEntry,
} from '../state/tfa-entries.js';
import type { UserRecord } from '../state/users.js';
import { authidOf, type Request } from './guest-common.js';
import { booleanParam, stringParam } from './params.js';

// The router checks the schema's `userid-param self` / `userid-group` permissions and refuses
// tokens (allowtoken 0) before these handlers run.
// Limitation: the caller's current `password`, which Proxmox asks of anyone but root@pam
// before a change, is accepted without being checked.

function targetUser(request: Request): UserRecord {
  const userid = String(request.params.userid);
  const user = request.state.users.get(userid);
  // PVE::AccessControl `check_user_exist`.
  if (user === undefined) throw new HttpError(500, `no such user ('${userid}')`);
  return user;
}

/** GET `/access/tfa`: everyone's entries for an auditor of `/access/groups`, else one's own. */
function listAll(request: Request) {
  const authid = authidOf(request.auth);
  const held = privilegesAt(request.state.accessView(), authid, '/access/groups');
  const all = held.has('User.Modify') || held.has('Sys.Audit');
  const now = nowSeconds(request.state);
  // Limitation: group-scoped User.Modify does not yet widen the list to that group's users.
  return request.state.users
    .list()
    .filter((user) => all || user.userid === authid)
    .map((user) => ({ userid: user.userid, entries: tfaEntries(user, now).map(entryView) }))
    .filter((row) => row.entries.length > 0);
}

export const tfaRoutes: Route<SimulatorState>[] = [
  { method: 'GET', path: '/access/tfa', handler: (request) => ok(listAll(request)) },
  {
    method: 'GET',
    path: '/access/tfa/{userid}',
    handler: (request) =>
      ok(tfaEntries(targetUser(request), nowSeconds(request.state)).map(entryView)),
  },
  {
    method: 'POST',
    path: '/access/tfa/{userid}',
    handler: (request) => {
      const { params } = request;
      const optional = (name: string) => {
        const value = stringParam(params, name);
        return value === undefined ? {} : { [name]: value };
      };
      const entry = addTfaEntry(
        targetUser(request),
        {
          type: String(params.type),
          ...optional('description'),
          ...optional('totp'),
          ...optional('value'),
        },
        request.state.clock(),
      );
      return ok(entry);
    },
  },
  {
    method: 'GET',
    path: '/access/tfa/{userid}/{id}',
    handler: (request) => {
      const now = nowSeconds(request.state);
      return ok(entryView(findEntry(targetUser(request), String(request.params.id), now)));
    },
  },
  {
    method: 'PUT',
    path: '/access/tfa/{userid}/{id}',
    handler: (request) => {
      const user = targetUser(request);
      const entry = findEntry(user, String(request.params.id), nowSeconds(request.state));
      const description = stringParam(request.params, 'description');
      const enable = booleanParam(request.params, 'enable');
      updateTfaEntry(user, entry, {
        ...(description === undefined ? {} : { description }),
        ...(enable === undefined ? {} : { enable }),
      });
      return ok(null);
    },
  },
  {
    method: 'DELETE',
    path: '/access/tfa/{userid}/{id}',
    handler: (request) => {
      const user = targetUser(request);
      deleteTfaEntry(user, findEntry(user, String(request.params.id), nowSeconds(request.state)));
      return ok(null);
    },
  },
];
