import { privilegesAt } from '../auth/permissions.js';
import { ok, type Route } from '../router/route.js';
import { nodeStorage, storageStatus } from '../state/cluster/index.js';
import { createStorage, deleteStorage, updateStorage } from '../state/cluster/storage-config.js';
import { storageConfig, storageConfigList } from '../state/cluster/storage-volumes.js';
import type { SimulatorState } from '../state/state.js';
import { authidOf, type Request } from './guest-common.js';
import { booleanParam, stringParam } from './params.js';

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
    method: 'POST',
    path: '/storage',
    handler: ({ state, params }) => {
      const content = stringParam(params, 'content');
      const shared = booleanParam(params, 'shared');
      const optional = (name: 'path' | 'vgname' | 'thinpool') => {
        const value = stringParam(params, name);
        return value === undefined ? {} : { [name]: value };
      };
      const created = createStorage(state.cluster, {
        storage: String(params.storage),
        type: String(params.type),
        ...(content === undefined ? {} : { content }),
        ...(shared === undefined ? {} : { shared }),
        ...optional('path'),
        ...optional('vgname'),
        ...optional('thinpool'),
      });
      return ok(created);
    },
  },
  {
    method: 'PUT',
    path: '/storage/{storage}',
    handler: ({ state, params }) => {
      const content = stringParam(params, 'content');
      const shared = booleanParam(params, 'shared');
      const updated = updateStorage(state.cluster, String(params.storage), {
        ...(content === undefined ? {} : { content }),
        ...(shared === undefined ? {} : { shared }),
      });
      return ok(updated);
    },
  },
  {
    method: 'DELETE',
    path: '/storage/{storage}',
    handler: ({ state, params }) => {
      deleteStorage(state.cluster, String(params.storage));
      return ok(null);
    },
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
