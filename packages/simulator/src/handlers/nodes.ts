import { ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';

export const nodeRoutes: Route<SimulatorState>[] = [
  {
    // Limitation: every node is online with fixed load figures, and every user sees every node
    // (Proxmox filters by `Sys.Audit`).
    method: 'GET',
    path: '/nodes',
    allowtoken: true,
    permissions: { user: 'all' },
    params: {},
    handler: async ({ state }) => {
      const now = state.clock();
      const fingerprint = await state.fingerprint();
      return ok(
        state.nodes.map((node) => ({
          node: node.node,
          status: 'online',
          cpu: 0.02,
          maxcpu: node.maxcpu,
          mem: Math.round(node.maxmem * 0.25),
          maxmem: node.maxmem,
          disk: 4 * 1024 ** 3,
          maxdisk: 64 * 1024 ** 3,
          uptime: Math.max(0, Math.floor((now - node.bootedAt) / 1000)),
          level: '',
          id: `node/${node.node}`,
          type: 'node',
          ssl_fingerprint: fingerprint,
        })),
      );
    },
  },
];
