import {
  HttpError,
  notImplemented,
  parameterError,
  permissionError,
} from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { stringParam } from './params.js';

const DOMAINS = [
  { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication' },
  { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server', default: 1 },
];

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
  handler: ({ params }) => {
    throw notImplemented(method, path.replace('{userid}', String(params.userid)));
  },
}));

export const accessRoutes: Route<SimulatorState>[] = [
  { method: 'GET', path: '/access/domains', allowtoken: true, handler: () => ok(DOMAINS) },
  {
    // Users change their own password; root@pam anyone's.
    method: 'PUT',
    path: '/access/password',
    allowtoken: false,
    handler: ({ state, params, auth }) => {
      const userid = stringParam(params, 'userid');
      const password = stringParam(params, 'password');
      if (userid === undefined || password === undefined) {
        const missing = userid === undefined ? 'userid' : 'password';
        throw parameterError({ [missing]: 'property is missing and it is not optional' });
      }
      const acting = auth.kind === 'ticket' ? auth.userid : undefined;
      if (acting !== userid && acting !== 'root@pam') {
        throw permissionError(`/access/users/${userid}, User.Modify`);
      }
      const user = state.users.get(userid);
      if (user === undefined) throw new HttpError(500, `no such user ('${userid}')`);
      user.password = password;
      return ok(null);
    },
  },
  ...tfaRoutes,
];
