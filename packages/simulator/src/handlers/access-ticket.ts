import { createTicket } from '../auth/login.js';
import type { PermissionSpec } from '../auth/permissions-check.js';
import { ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';

const WORLD: PermissionSpec = { user: 'world' };

export const ticketRoutes: Route<SimulatorState>[] = [
  // A dummy kept for the GUI's login form: it answers null to anyone.
  {
    method: 'GET',
    path: '/access/ticket',
    allowtoken: true,
    permissions: WORLD,
    handler: () => ok(null),
  },
  {
    method: 'POST',
    path: '/access/ticket',
    allowtoken: false,
    permissions: WORLD,
    handler: async ({ state, params }) => ok(await createTicket(state, params)),
  },
];
