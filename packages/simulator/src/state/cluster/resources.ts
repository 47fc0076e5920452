import type { Cluster } from './context.js';
import { guestFigures } from './figures.js';
import { allGuests } from './guest.js';
import { storageUsage } from './storage.js';
import { nodeList } from './views.js';

export type ResourceType = 'vm' | 'storage' | 'node' | 'sdn' | 'pool';

export type Resource = Record<string, unknown> & { id: string; type: string };

function poolOf(cluster: Cluster, vmid: number): string | undefined {
  return Object.values(cluster.state.pools).find((pool) => pool.vmids.includes(vmid))?.poolid;
}

function vmResources(cluster: Cluster): Resource[] {
  return allGuests(cluster).map((guest) => {
    const figures = guestFigures(cluster, guest);
    const { cpus, ...rest } = figures;
    const resource: Resource = {
      id: `${guest.type}/${guest.vmid}`,
      type: guest.type,
      node: guest.node,
      ...rest,
      maxcpu: cpus,
      template: figures.template ?? 0,
    };
    const pool = poolOf(cluster, guest.vmid);
    if (pool !== undefined) resource.pool = pool;
    return resource;
  });
}

function storageResources(cluster: Cluster): Resource[] {
  return Object.values(cluster.state.nodes).flatMap((node) =>
    Object.values(node.storages).map((storage) => ({
      id: `storage/${node.node}/${storage.storage}`,
      type: 'storage',
      storage: storage.storage,
      node: node.node,
      status: 'available',
      plugintype: storage.type,
      content: [...storage.content].sort().join(','),
      shared: storage.shared ? 1 : 0,
      disk: storageUsage(storage),
      maxdisk: storage.total,
    })),
  );
}

function nodeResources(cluster: Cluster): Resource[] {
  return nodeList(cluster).map((node) => ({ ...node, id: String(node.id), type: 'node' }));
}

/** Every node has the built-in `localnetwork` zone its plain bridges belong to. */
function sdnResources(cluster: Cluster): Resource[] {
  return Object.keys(cluster.state.nodes).map((node) => ({
    id: `sdn/${node}/localnetwork`,
    type: 'sdn',
    sdn: 'localnetwork',
    node,
    status: 'ok',
  }));
}

function poolResources(cluster: Cluster): Resource[] {
  return Object.values(cluster.state.pools).map((pool) => ({
    id: `/pool/${pool.poolid}`,
    type: 'pool',
    pool: pool.poolid,
  }));
}

/** GET `/cluster/resources`, all types or one (`vm` covers both qemu and lxc). */
export function clusterResources(cluster: Cluster, type?: ResourceType): Resource[] {
  const byType: Record<ResourceType, () => Resource[]> = {
    vm: () => vmResources(cluster),
    storage: () => storageResources(cluster),
    node: () => nodeResources(cluster),
    sdn: () => sdnResources(cluster),
    pool: () => poolResources(cluster),
  };
  if (type !== undefined) return byType[type]();
  return [...byType.node(), ...byType.storage(), ...byType.vm(), ...byType.sdn(), ...byType.pool()];
}
