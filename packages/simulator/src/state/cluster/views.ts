import type { Cluster } from './context.js';
import { guestError, paramError } from './errors.js';
import { guestFigures } from './figures.js';
import { allGuests, findGuest, isRunning } from './guest.js';
import { getNode } from './nodes.js';
import { storageUsage } from './storage.js';
import type { NodeState, StorageState } from './types.js';

/**
 * GET `/cluster/nextid`: a requested id is returned if free, else a 400 on `vmid`; otherwise
 * the lowest free id of the `next-id` range (pve-manager API2/Cluster.pm).
 */
export function nextId(cluster: Cluster, requested?: number): number {
  if (requested !== undefined) {
    if (!findGuest(cluster, requested)) return requested;
    throw paramError({ vmid: `VM ${requested} already exists` });
  }
  const { nextIdLower: lower, nextIdUpper: upper } = cluster.state.options;
  for (let vmid = lower; vmid < upper; vmid++) if (!findGuest(cluster, vmid)) return vmid;
  throw guestError(`unable to get any free VMID in range [${lower}, ${upper}]`);
}

/** GET `/cluster/status`: the cluster entry, then one entry per node. */
export function clusterStatus(cluster: Cluster, localNode: string): Record<string, unknown>[] {
  const nodes = Object.values(cluster.state.nodes);
  const head = {
    type: 'cluster',
    id: 'cluster',
    name: cluster.state.clusterName,
    version: cluster.state.configVersion,
    nodes: nodes.length,
    quorate: 1,
  };
  const members = nodes.map((node) => ({
    type: 'node',
    id: `node/${node.node}`,
    name: node.node,
    nodeid: node.nodeid,
    ip: node.ip,
    local: node.node === localNode ? 1 : 0,
    online: 1,
    level: '',
  }));
  return [head, ...members];
}

const GIB = 1024 ** 3;
/** What the host itself uses besides its guests. */
const HOST_BASE_MEMORY = 2 * GIB;

function nodeFigures(cluster: Cluster, node: NodeState) {
  const guests = allGuests(cluster).filter((g) => g.node === node.node && isRunning(g));
  const figures = guests.map((g) => guestFigures(cluster, g));
  const cpu = figures.reduce((sum, f) => sum + f.cpu * f.cpus, 0) / node.cpus + 0.01;
  const mem = figures.reduce((sum, f) => sum + f.mem, HOST_BASE_MEMORY);
  const uptime = Math.max(0, Math.floor((cluster.clock() - node.bootedAt) / 1000));
  return { cpu: Math.min(cpu, 1), mem: Math.min(mem, node.memory), uptime };
}

function rootfsTotal(): number {
  return 96 * GIB;
}

/** GET `/nodes/{node}/status`. */
export function nodeStatus(cluster: Cluster, name: string): Record<string, unknown> {
  const node = getNode(cluster, name);
  const { cpu, mem, uptime } = nodeFigures(cluster, node);
  const rootUsed = 12 * GIB;
  return {
    uptime,
    cpu,
    wait: 0,
    idle: 0,
    loadavg: [(cpu * node.cpus).toFixed(2), (cpu * node.cpus * 0.9).toFixed(2), '0.50'],
    cpuinfo: {
      cpus: node.cpus,
      cores: node.cpus / 2,
      sockets: 1,
      model: node.cpuModel,
      mhz: '2400.000',
      hvm: '1',
      user_hz: 100,
      flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov sse sse2 vmx',
    },
    // No page cache in the simulator: all free memory is available.
    memory: {
      total: node.memory,
      used: mem,
      free: node.memory - mem,
      available: node.memory - mem,
    },
    swap: { total: 8 * GIB, used: 0, free: 8 * GIB },
    rootfs: {
      total: rootfsTotal(),
      used: rootUsed,
      free: rootfsTotal() - rootUsed,
      avail: rootfsTotal() - rootUsed,
    },
    ksm: { shared: 0 },
    kversion: 'Linux 6.14.8-2-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2 (2025-07-22T10:04Z) x86_64',
    pveversion: 'pve-manager/9.1.1/42db4a6cf33dac83',
    'boot-info': { mode: 'efi', secureboot: 0 },
    'current-kernel': {
      sysname: 'Linux',
      release: '6.14.8-2-pve',
      version: '#1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2 (2025-07-22T10:04Z)',
      machine: 'x86_64',
    },
  };
}

/** GET `/nodes`: one entry per node with its figures. */
export function nodeList(cluster: Cluster): Record<string, unknown>[] {
  return Object.values(cluster.state.nodes).map((node) => {
    const { cpu, mem, uptime } = nodeFigures(cluster, node);
    return {
      node: node.node,
      id: `node/${node.node}`,
      type: 'node',
      status: 'online',
      cpu,
      maxcpu: node.cpus,
      mem,
      maxmem: node.memory,
      disk: 12 * GIB,
      maxdisk: rootfsTotal(),
      uptime,
      level: '',
    };
  });
}

/** GET `/nodes/{node}/network`: the node's interfaces as ifupdown2 describes them. */
export function nodeNetwork(cluster: Cluster, name: string): Record<string, unknown>[] {
  const node = getNode(cluster, name);
  return node.network.map((nic, index) => {
    const entry: Record<string, unknown> = {
      iface: nic.iface,
      type: nic.type,
      method: nic.method,
      method6: 'manual',
      families: ['inet'],
      active: 1,
      autostart: 1,
      priority: index + 1,
    };
    if (nic.type === 'eth') entry.exists = 1;
    if (nic.address) entry.address = nic.address;
    if (nic.cidr) {
      entry.cidr = nic.cidr;
      entry.netmask = nic.cidr.split('/')[1];
    }
    if (nic.gateway) entry.gateway = nic.gateway;
    if (nic.bridgePorts) {
      entry.bridge_ports = nic.bridgePorts;
      entry.bridge_stp = 'off';
      entry.bridge_fd = '0';
    }
    return entry;
  });
}

/** One storage as `/nodes/{node}/storage` and `/cluster/resources` report it. */
export function storageStatus(storage: StorageState): Record<string, unknown> {
  const used = storageUsage(storage);
  return {
    storage: storage.storage,
    type: storage.type,
    content: [...storage.content].sort().join(','),
    shared: storage.shared ? 1 : 0,
    active: 1,
    enabled: 1,
    total: storage.total,
    used,
    avail: storage.total - used,
    used_fraction: used / storage.total,
  };
}

/** GET `/nodes/{node}/storage`. */
export function nodeStorages(cluster: Cluster, name: string): Record<string, unknown>[] {
  const node = getNode(cluster, name);
  return Object.values(node.storages).map(storageStatus);
}
