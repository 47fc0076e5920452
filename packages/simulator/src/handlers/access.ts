import type { PermissionSpec } from '../auth/permissions-check.js';
import { HttpError, notImplemented } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { requiredString } from './params.js';

const DOMAINS = [
  { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication' },
  { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server', default: 1 },
];

const SELF_OR_USER_MODIFY: PermissionSpec = {
  check: ['or', ['userid-param', 'self'], ['userid-group', ['User.Modify']]],
};

// The TFA management endpoints exist so that API tokens get their 403 there, as on a real node.
// Limitation: with a ticket they answer 501; factors are managed through `sim.access` instead.
const tfaRoutes: Route<SimulatorState>[] = (
  [
    ['POST', '/access/tfa/{userid}'],
    ['PUT', '/access/tfa/{userid}/{id}'],
    ['DELETE', '/access/tfa/{userid}/{id}'],
  ] as const
).map(([method, path]) => ({
  method,
  path,
  allowtoken: false,
  permissions: SELF_OR_USER_MODIFY,
  handler: ({ params }) => {
    throw notImplemented(method, path.replace('{userid}', String(params.userid)));
  },
}));

export const accessRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/access/domains',
    allowtoken: true,
    permissions: { user: 'world' },
    handler: () => ok(DOMAINS),
  },
  {
    // Limitation: `confirmation-password` (the caller's current password) is not required.
    method: 'PUT',
    path: '/access/password',
    allowtoken: false,
    permissions: {
      check: [
        'or',
        ['userid-param', 'self'],
        ['and', ['userid-param', 'Realm.AllocateUser'], ['userid-group', ['User.Modify']]],
      ],
    },
    handler: ({ state, params }) => {
      const userid = requiredString(params, 'userid');
      const password = requiredString(params, 'password');
      const user = state.users.get(userid);
      if (user === undefined) throw new HttpError(500, `no such user ('${userid}')`);
      user.password = password;
      return ok(null);
    },
  },
  ...tfaRoutes,
];
