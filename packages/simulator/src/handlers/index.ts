import { endpoints } from 'pvekit/metadata';
import type { Route } from '../router/route.js';
import { RouteTable } from '../router/table.js';
import type { SimulatorState } from '../state/state.js';
import { accessRoutes } from './access.js';
import { aclRoutes } from './access-acl.js';
import { domainRoutes } from './access-domains.js';
import { groupRoutes } from './access-groups.js';
import { roleRoutes } from './access-roles.js';
import { tfaRoutes } from './access-tfa.js';
import { ticketRoutes } from './access-ticket.js';
import { tokenRoutes } from './access-tokens.js';
import { userRoutes } from './access-users.js';
import { clusterRoutes } from './cluster.js';
import { clusterTaskRoutes } from './cluster-tasks.js';
import { lxcRoutes } from './lxc.js';
import { nodeRoutes } from './nodes.js';
import { poolRoutes } from './pools.js';
import { qemuRoutes } from './qemu.js';
import { storageRoutes } from './storage.js';
import { storageContentRoutes } from './storage-content.js';
import { storageUploadRoutes } from './storage-upload.js';
import { taskRoutes } from './tasks.js';
import { versionRoutes } from './version.js';

/**
 * Every modelled endpoint, attached to the schema by route key; the schema's other endpoints
 * answer 501 "not implemented by the pvekit simulator".
 */
export const routes: readonly Route<SimulatorState>[] = [
  ...ticketRoutes,
  ...accessRoutes,
  ...tokenRoutes,
  ...userRoutes,
  ...groupRoutes,
  ...aclRoutes,
  ...tfaRoutes,
  ...roleRoutes,
  ...domainRoutes,
  ...versionRoutes,
  ...nodeRoutes,
  ...clusterRoutes,
  ...clusterTaskRoutes,
  ...taskRoutes,
  ...qemuRoutes,
  ...lxcRoutes,
  ...poolRoutes,
  ...storageRoutes,
  ...storageContentRoutes,
  ...storageUploadRoutes,
];

let table: RouteTable<SimulatorState> | undefined;

/** The schema's endpoints with the handlers attached; built once, shared by every simulator. */
export function routeTable(): RouteTable<SimulatorState> {
  table ??= new RouteTable(endpoints, routes);
  return table;
}
