import type { Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { accessRoutes } from './access.js';
import { aclRoutes } from './access-acl.js';
import { groupRoutes } from './access-groups.js';
import { ticketRoutes } from './access-ticket.js';
import { tokenRoutes } from './access-tokens.js';
import { userRoutes } from './access-users.js';
import { clusterRoutes } from './cluster.js';
import { lxcRoutes } from './lxc.js';
import { nodeRoutes } from './nodes.js';
import { poolRoutes } from './pools.js';
import { qemuRoutes } from './qemu.js';
import { taskRoutes } from './tasks.js';
import { versionRoutes } from './version.js';

/** Every modelled endpoint; anything else is answered 501 like an unknown path. */
export const routes: readonly Route<SimulatorState>[] = [
  ...ticketRoutes,
  ...accessRoutes,
  ...tokenRoutes,
  ...userRoutes,
  ...groupRoutes,
  ...aclRoutes,
  ...versionRoutes,
  ...nodeRoutes,
  ...clusterRoutes,
  ...taskRoutes,
  ...qemuRoutes,
  ...lxcRoutes,
  ...poolRoutes,
];
