import { privilegesAt } from '../auth/permissions.js';
import { ok, type Route } from '../router/route.js';
import { nodeStorage, storageStatus } from '../state/cluster/index.js';
import { storageConfig, storageConfigList } from '../state/cluster/storage-volumes.js';
import type { SimulatorState } from '../state/state.js';
import { authidOf, type Request } from './guest-common.js';
import { stringParam } from './params.js';

const AUDIT_OR_SPACE = ['Datastore.Audit', 'Datastore.AllocateSpace'];

/** What `/storage` lists: only storages the caller may audit or allocate on (Config.pm). */
function mayAudit(request: Request, storeid: string): boolean {
  const held = privilegesAt(
    request.state.accessView(),
    authidOf(request.auth),
    `/storage/${storeid}`,
  );
  return AUDIT_OR_SPACE.some((privilege) => held.has(privilege));
}

export const storageRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/storage',
    handler: (request) => {
      const list = storageConfigList(request.state.cluster, stringParam(request.params, 'type'));
      return ok(list.filter((entry) => mayAudit(request, String(entry.storage))));
    },
  },
  {
    method: 'GET',
    path: '/storage/{storage}',
    handler: ({ state, params }) => ok(storageConfig(state.cluster, String(params.storage))),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/status',
    handler: ({ state, params }) => {
      const storage = nodeStorage(state.cluster, String(params.node), String(params.storage));
      const { storage: _id, used_fraction: _fraction, ...status } = storageStatus(storage);
      return ok(status);
    },
  },
];
