import type { Authentication } from '../auth/authenticate.js';
import { privilegesAt } from '../auth/permissions.js';
import type { AccessView } from '../auth/permissions-view.js';
import { ok, type Route } from '../router/route.js';
import { clusterResources, clusterStatus, nextId, type Resource } from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import { integerParam, stringParam } from './params.js';

type ResourceType = 'vm' | 'storage' | 'node' | 'sdn';

// The privileges that make a resource visible (pve-manager API2/Cluster.pm `resources`).
function visible(view: AccessView, authid: string, resource: Resource): boolean {
  const held = (path: string, privileges: string[]) => {
    const have = privilegesAt(view, authid, path);
    return privileges.some((privilege) => have.has(privilege));
  };
  switch (resource.type) {
    case 'qemu':
    case 'lxc':
      return held(`/vms/${String(resource.vmid)}`, ['VM.Audit']);
    case 'storage':
      return held(`/storage/${String(resource.storage)}`, [
        'Datastore.Audit',
        'Datastore.AllocateSpace',
      ]);
    case 'node':
      return held(`/nodes/${String(resource.node)}`, ['Sys.Audit']);
    case 'sdn':
      return held(`/sdn/zones/${String(resource.sdn)}`, ['SDN.Audit']);
    default:
      return held(String(resource.id), ['Pool.Audit']);
  }
}

function callerOf(auth: Authentication): string {
  return auth.kind === 'token' ? auth.tokenid : auth.kind === 'ticket' ? auth.userid : '';
}

export const clusterRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/cluster/status',
    // The simulator answers as the first node.
    handler: ({ state }) => ok(clusterStatus(state.cluster, 'pve1')),
  },
  {
    method: 'GET',
    path: '/cluster/resources',
    handler: ({ state, params, auth }) => {
      const type = stringParam(params, 'type') as ResourceType | undefined;
      const view = state.accessView();
      const resources = clusterResources(state.cluster, type);
      return ok(resources.filter((resource) => visible(view, callerOf(auth), resource)));
    },
  },
  {
    method: 'GET',
    path: '/cluster/nextid',
    // Proxmox declares an integer but sends the id as a JSON string.
    handler: ({ state, params }) => ok(String(nextId(state.cluster, integerParam(params, 'vmid')))),
  },
];
