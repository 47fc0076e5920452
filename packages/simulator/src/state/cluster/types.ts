/**
 * The simulated cluster as plain data: every field survives `JSON.stringify`, so persistence
 * is a matter of writing the object down. Operations live in the sibling modules.
 */

export type GuestType = 'qemu' | 'lxc';

/** Content types a storage may hold, in Proxmox's names. */
export type ContentType = 'images' | 'rootdir' | 'iso' | 'vztmpl' | 'backup' | 'snippets';

/** Never changed in place: a change puts a changed copy (`putVolume`), so it can be undone. */
export interface VolumeState {
  /** The name after `storage:`, e.g. `vm-100-disk-0` or `iso/debian-12.iso`. */
  readonly volname: string;
  readonly content: ContentType;
  /** Owner vmid; absent for ISO images and container templates. */
  readonly vmid?: number;
  readonly size: number;
  /** As the content listing shows it: `raw`, `qcow2`, `iso`, `tzst`, `vma.zst`, … */
  readonly format: string;
  readonly ctime: number;
  /** Storage-level snapshots of this volume (`snap_<volname>_<snapname>` on LVM-thin). */
  readonly snapshots: string[];
  /** Free text set with `PUT …/content/{volume}` (backups carry it on Proxmox). */
  readonly notes?: string;
  /** A protected volume cannot be deleted (`PUT …/content/{volume}` `protected`). */
  readonly protected?: boolean;
}

export interface StorageState {
  readonly storage: string;
  readonly type: 'dir' | 'lvmthin';
  readonly content: ContentType[];
  readonly shared: boolean;
  readonly total: number;
  /** Where a dir storage lives (`/var/lib/vz` when absent). */
  readonly path?: string;
  /** The volume group and thin pool of an lvmthin storage (`pve`, `data` when absent). */
  readonly vgname?: string;
  readonly thinpool?: string;
  /** Keyed by `volname`; written only through `putVolume` and `dropVolume` (volumes.ts). */
  volumes: Record<string, VolumeState>;
}

export interface NetworkInterfaceState {
  readonly iface: string;
  readonly type: 'eth' | 'bridge';
  readonly method: 'static' | 'manual';
  readonly address?: string;
  readonly cidr?: string;
  readonly gateway?: string;
  readonly bridgePorts?: string;
}

export interface NodeState {
  readonly node: string;
  readonly nodeid: number;
  readonly ip: string;
  readonly cpus: number;
  readonly cpuModel: string;
  /** Bytes of RAM. */
  readonly memory: number;
  /** Epoch milliseconds the node came up (drives its uptime). */
  readonly bootedAt: number;
  storages: Record<string, StorageState>;
  network: NetworkInterfaceState[];
}

/** A config as Proxmox stores it: key → canonical value string. */
export type GuestConfig = Record<string, string>;

export interface AgentProcess {
  readonly pid: number;
  readonly command: string[];
  readonly startedAt: number;
  readonly exitcode: number;
  readonly output: string;
}

export interface GuestRuntime {
  status: 'running' | 'stopped';
  /** QEMU's `paused` run state after `suspend`. */
  paused: boolean;
  /** Epoch milliseconds of the last start; null while stopped. */
  startedAt: number | null;
  agentProcesses: AgentProcess[];
  nextAgentPid: number;
}

export interface GuestState {
  readonly vmid: number;
  readonly type: GuestType;
  node: string;
  config: GuestConfig;
  /** Values that apply at the next start (a running VM's non-hotpluggable changes). */
  pending: GuestConfig;
  pendingDelete: string[];
  /** Snapshot name → the config copied at snapshot time plus `snaptime`, `parent`, … */
  snapshots: Record<string, GuestConfig>;
  runtime: GuestRuntime;
}

export interface PoolState {
  readonly poolid: string;
  comment?: string;
  vmids: number[];
  storages: string[];
}

export interface ClusterOptions {
  /** `datacenter.cfg` `next-id`: the range `nextid` hands out ids from. */
  nextIdLower: number;
  nextIdUpper: number;
  macPrefix: string;
}

export interface ClusterState {
  readonly clusterName: string;
  /** The version counter of corosync's config, shown in `/cluster/status`. */
  readonly configVersion: number;
  options: ClusterOptions;
  nodes: Record<string, NodeState>;
  /** Keyed by vmid: vmids are unique across the cluster. */
  guests: Record<string, GuestState>;
  pools: Record<string, PoolState>;
}
