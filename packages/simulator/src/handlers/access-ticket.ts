import { createTicket } from '../auth/login.js';
import { ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';

export const ticketRoutes: Route<SimulatorState>[] = [
  // A dummy kept for the GUI's login form: it answers null to anyone.
  {
    method: 'GET',
    path: '/access/ticket',
    handler: () => ok(null),
  },
  {
    method: 'POST',
    path: '/access/ticket',
    handler: async ({ state, params }) => ok(await createTicket(state, params)),
  },
];
