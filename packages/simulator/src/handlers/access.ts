import type { PermissionSpec } from '../auth/permissions-check.js';
import { HttpError, notImplemented } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import { type ParamRules, param } from '../router/validate.js';
import type { SimulatorState } from '../state/state.js';
import { USERID } from './param-rules.js';
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
const TFA_PASSWORD = param.string({ optional: true, maxLength: 64 });
const TFA_DESCRIPTION = param.string({ optional: true, maxLength: 255 });
const tfaEndpoints: [Route<SimulatorState>['method'], string, ParamRules][] = [
  [
    'POST',
    '/access/tfa/{userid}',
    {
      userid: USERID,
      type: param.string({ enum: ['totp', 'u2f', 'webauthn', 'recovery', 'yubico'] }),
      description: TFA_DESCRIPTION,
      totp: param.string({ optional: true }),
      value: param.string({ optional: true }),
      challenge: param.string({ optional: true }),
      password: TFA_PASSWORD,
    },
  ],
  [
    'PUT',
    '/access/tfa/{userid}/{id}',
    {
      userid: USERID,
      id: param.string(),
      description: TFA_DESCRIPTION,
      enable: param.boolean({ optional: true }),
      password: TFA_PASSWORD,
    },
  ],
  [
    'DELETE',
    '/access/tfa/{userid}/{id}',
    { userid: USERID, id: param.string(), password: TFA_PASSWORD },
  ],
];

const tfaRoutes: Route<SimulatorState>[] = tfaEndpoints.map(([method, path, params]) => ({
  method,
  path,
  allowtoken: false,
  permissions: SELF_OR_USER_MODIFY,
  params,
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
    params: {},
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
    params: {
      userid: USERID,
      password: param.string({ maxLength: 64 }),
      'confirmation-password': param.string({ optional: true, maxLength: 64 }),
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
