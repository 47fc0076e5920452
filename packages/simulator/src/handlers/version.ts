import { ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';

// What a Proxmox VE 9.1 node reports; `repoid` is the pve-manager commit it was built from.
const SIMULATED_VERSION = { version: '9.1.9', release: '9.1', repoid: 'b0f7a1e2d3c4b5a6' };

export const versionRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/version',
    handler: () => ok(SIMULATED_VERSION),
  },
];
