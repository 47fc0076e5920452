import { createTicket } from '../auth/login.js';
import type { PermissionSpec } from '../auth/permissions-check.js';
import { ok, type Route } from '../router/route.js';
import { param } from '../router/validate.js';
import type { SimulatorState } from '../state/state.js';

const WORLD: PermissionSpec = { user: 'world' };

export const ticketRoutes: Route<SimulatorState>[] = [
  // A dummy kept for the GUI's login form: it answers null to anyone.
  {
    method: 'GET',
    path: '/access/ticket',
    allowtoken: true,
    permissions: WORLD,
    params: {},
    handler: () => ok(null),
  },
  {
    method: 'POST',
    path: '/access/ticket',
    allowtoken: false,
    permissions: WORLD,
    params: {
      username: param.string({ maxLength: 64 }),
      password: param.string(),
      realm: param.string({ optional: true, maxLength: 32, format: 'pve-realm' }),
      otp: param.string({ optional: true }),
      path: param.string({ optional: true, maxLength: 64, requires: 'privs' }),
      privs: param.string({
        optional: true,
        maxLength: 64,
        format: 'pve-priv-list',
        requires: 'path',
      }),
      'new-format': param.boolean({ optional: true }),
      'tfa-challenge': param.string({ optional: true }),
    },
    handler: async ({ state, params }) => ok(await createTicket(state, params)),
  },
];
