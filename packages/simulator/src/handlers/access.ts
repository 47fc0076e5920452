import { HttpError } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { requiredString } from './params.js';

export const accessRoutes: Route<SimulatorState>[] = [
  {
    // Limitation: `confirmation-password` (the caller's current password) is not required.
    method: 'PUT',
    path: '/access/password',
    handler: ({ state, params }) => {
      const userid = requiredString(params, 'userid');
      const password = requiredString(params, 'password');
      const user = state.users.get(userid);
      if (user === undefined) throw new HttpError(500, `no such user ('${userid}')`);
      user.password = password;
      return ok(null);
    },
  },
];
