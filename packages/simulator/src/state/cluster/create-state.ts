import { fileFormat } from './storage.js';
import type { ClusterState, NodeState, StorageState } from './types.js';
import { putVolume } from './volumes.js';

const GIB = 1024 ** 3;

export interface ClusterSpec {
  /** Number of nodes, named `pve1`, `pve2`, …; 1 by default. */
  nodes?: number;
  clusterName?: string;
  /** CPU threads per node; 8 by default. */
  cpus?: number;
  /** Bytes of RAM per node; 32 GiB by default. */
  memory?: number;
  /** Epoch milliseconds the nodes booted; the caller's clock reading. */
  bootedAt: number;
}

/** ISO images and container templates every node's `local` storage starts with. */
export const SEED_ISOS = [
  'debian-12.9.0-amd64-netinst.iso',
  'ubuntu-24.04.1-live-server-amd64.iso',
];
export const SEED_VZTMPLS = [
  'debian-12-standard_12.7-1_amd64.tar.zst',
  'alpine-3.21-default_20241217_amd64.tar.xz',
];

function localStorage(bootedAt: number): StorageState {
  const ctime = Math.floor(bootedAt / 1000);
  const storage: StorageState = {
    storage: 'local',
    type: 'dir',
    content: ['iso', 'vztmpl', 'backup', 'snippets'],
    shared: false,
    total: 100 * GIB,
    volumes: {},
  };
  for (const iso of SEED_ISOS) {
    const volname = `iso/${iso}`;
    putVolume(storage, {
      volname,
      content: 'iso',
      size: 650 * 1024 ** 2,
      format: 'iso',
      ctime,
      snapshots: [],
    });
  }
  for (const template of SEED_VZTMPLS) {
    const volname = `vztmpl/${template}`;
    putVolume(storage, {
      volname,
      content: 'vztmpl',
      size: 120 * 1024 ** 2,
      format: fileFormat('vztmpl', template),
      ctime,
      snapshots: [],
    });
  }
  return storage;
}

function lvmThinStorage(): StorageState {
  return {
    storage: 'local-lvm',
    type: 'lvmthin',
    content: ['images', 'rootdir'],
    shared: false,
    total: 800 * GIB,
    volumes: {},
  };
}

function createNode(index: number, spec: ClusterSpec): NodeState {
  const ip = `192.168.100.${10 + index}`;
  return {
    node: `pve${index}`,
    nodeid: index,
    ip,
    cpus: spec.cpus ?? 8,
    cpuModel: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz',
    memory: spec.memory ?? 32 * GIB,
    bootedAt: spec.bootedAt,
    storages: { local: localStorage(spec.bootedAt), 'local-lvm': lvmThinStorage() },
    network: [
      { iface: 'eno1', type: 'eth', method: 'manual' },
      {
        iface: 'vmbr0',
        type: 'bridge',
        method: 'static',
        address: ip,
        cidr: `${ip}/24`,
        gateway: '192.168.100.1',
        bridgePorts: 'eno1',
      },
    ],
  };
}

export function createClusterState(spec: ClusterSpec): ClusterState {
  const count = spec.nodes ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 32) {
    throw new RangeError(`nodes must be an integer from 1 to 32, got ${count}`);
  }
  const nodes: ClusterState['nodes'] = {};
  for (let i = 1; i <= count; i++) {
    const node = createNode(i, spec);
    nodes[node.node] = node;
  }
  return {
    clusterName: spec.clusterName ?? 'pvekit-sim',
    configVersion: count,
    options: { nextIdLower: 100, nextIdUpper: 1_000_000, macPrefix: 'BC:24:11' },
    nodes,
    guests: {},
    pools: {},
  };
}
