import { defaultBootOrder } from './boot.js';
import { updateConfig } from './config.js';
import { type Cluster, randomUuid } from './context.js';
import { guestError } from './errors.js';
import { findGuest, guestLabel } from './guest.js';
import { type ConfigLock, clearLock, setLock } from './locks.js';
import { getNode } from './nodes.js';
import { findVolume, freeOwnedVolumes } from './storage.js';
import type { GuestState, GuestType } from './types.js';

/** The QEMU version a new VM records in `meta: creation-qemu=…`. */
export const SIMULATED_QEMU_VERSION = '9.2.0';

/** Parameters of the create call that steer creation but are not config keys. */
const QEMU_NOT_STORED = ['start', 'pool', 'unique', 'archive', 'force', 'storage', 'live-restore'];
const LXC_NOT_STORED = [
  'start',
  'pool',
  'unique',
  'force',
  'storage',
  'ostemplate',
  'password',
  'ssh-public-keys',
  'restore',
  'ignore-unpack-errors',
];

export interface CreateOptions {
  /** Leave `lock: create` on the guest for the caller's task to clear with `clearLock`. */
  keepLock?: boolean;
}

/** pve-cluster `check_vmid_unused`: ids are unique across the cluster and guest types. */
export function assertVmidUnused(cluster: Cluster, vmid: number): void {
  const existing = findGuest(cluster, vmid);
  if (existing) {
    const label = guestLabel(existing.type);
    throw guestError(`${label} ${vmid} already exists on node '${existing.node}'`);
  }
}

/** A stopped guest with no configuration yet, as creation and cloning start from. */
export function emptyGuest(vmid: number, type: GuestType, node: string): GuestState {
  return {
    vmid,
    type,
    node,
    config: {},
    pending: {},
    pendingDelete: [],
    snapshots: {},
    runtime: {
      status: 'stopped',
      paused: false,
      startedAt: null,
      agentProcesses: [],
      nextAgentPid: 1000,
    },
  };
}

function storedParams(params: Record<string, string>, drop: string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (!drop.includes(key)) kept[key] = value;
  return kept;
}

function addToPool(cluster: Cluster, poolid: string | undefined, vmid: number): void {
  if (poolid === undefined) return;
  const pool = cluster.state.pools[poolid];
  if (!pool) throw guestError(`pool '${poolid}' does not exist`);
  if (!pool.vmids.includes(vmid)) pool.vmids.push(vmid);
}

/** The guest is registered, then configured; a failed allocation leaves no guest behind. */
function register(
  cluster: Cluster,
  guest: GuestState,
  base: Record<string, string>,
  set: Record<string, string>,
  poolid: string | undefined,
  options: CreateOptions,
): GuestState {
  cluster.state.guests[String(guest.vmid)] = guest;
  setLock(guest, 'create' satisfies ConfigLock);
  try {
    Object.assign(guest.config, base);
    updateConfig(cluster, guest.node, guest.type, guest.vmid, { set, skiplock: true });
    if (guest.type === 'qemu') guest.config.boot ??= defaultBootOrder(guest.config);
    addToPool(cluster, poolid, guest.vmid);
  } catch (error) {
    freeOwnedVolumes(cluster, guest.node, guest.vmid);
    delete cluster.state.guests[String(guest.vmid)];
    throw error;
  }
  if (!options.keepLock) clearLock(guest);
  return guest;
}

/** POST `/nodes/{node}/qemu`: a new VM, disks allocated from `STORAGE:SIZE` values. */
export function createQemu(
  cluster: Cluster,
  node: string,
  vmid: number,
  params: Record<string, string>,
  options: CreateOptions = {},
): GuestState {
  getNode(cluster, node);
  assertVmidUnused(cluster, vmid);
  const set = storedParams(params, QEMU_NOT_STORED);
  const ctime = Math.floor(cluster.clock() / 1000);
  const base = {
    vmgenid: randomUuid(cluster.random),
    smbios1: `uuid=${randomUuid(cluster.random)}`,
    meta: `creation-qemu=${SIMULATED_QEMU_VERSION},ctime=${ctime}`,
  };
  const guest = emptyGuest(vmid, 'qemu', node);
  return register(cluster, guest, base, set, params.pool, options);
}

/** The `ostype` pve-container detects from the template's file name. */
function ostypeOf(ostemplate: string): string {
  const name = ostemplate.split('/').pop() ?? '';
  const known = ['debian', 'ubuntu', 'alpine', 'centos', 'fedora', 'archlinux', 'opensuse'];
  return known.find((os) => name.startsWith(os)) ?? 'unmanaged';
}

/** POST `/nodes/{node}/lxc`: a new container from a `vztmpl` template. */
export function createLxc(
  cluster: Cluster,
  node: string,
  vmid: number,
  params: Record<string, string>,
  options: CreateOptions = {},
): GuestState {
  getNode(cluster, node);
  assertVmidUnused(cluster, vmid);
  const ostemplate = params.ostemplate;
  if (ostemplate === undefined) throw guestError('missing ostemplate');
  findVolume(cluster, node, ostemplate);
  const set = storedParams(params, LXC_NOT_STORED);
  set.rootfs ??= `${params.storage ?? 'local'}:4`;
  set.hostname ??= `CT${vmid}`;
  const base = { arch: 'amd64', ostype: ostypeOf(ostemplate) };
  const guest = emptyGuest(vmid, 'lxc', node);
  return register(cluster, guest, base, set, params.pool, options);
}
