import type { Cluster } from './context.js';
import { diskSize } from './disks.js';
import { getGuest, isRunning, isTemplate } from './guest.js';
import type { GuestState, GuestType } from './types.js';

const MIB = 1024 ** 2;

/** A stable pseudo-random fraction for (vmid, second): figures move, but reproducibly. */
export function wobble(vmid: number, second: number): number {
  const x = Math.sin(vmid * 12.9898 + second * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

export function uptimeSeconds(cluster: Cluster, guest: GuestState): number {
  const startedAt = guest.runtime.startedAt;
  return startedAt === null ? 0 : Math.max(0, Math.floor((cluster.clock() - startedAt) / 1000));
}

function numberOf(value: string | undefined, fallback: number): number {
  const parsed = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : fallback;
}

export function maxMemory(guest: GuestState): number {
  // A VM's `memory` may be a property string (`current=4096`) since PVE 8.1.
  const memory = guest.config.memory?.replace(/^current=/, '').split(',')[0];
  return numberOf(memory, 512) * MIB;
}

export function cpuCount(cluster: Cluster, guest: GuestState): number {
  const hostCpus = cluster.state.nodes[guest.node]?.cpus ?? 1;
  if (guest.type === 'lxc') return Math.min(numberOf(guest.config.cores, hostCpus), hostCpus);
  if (guest.config.vcpus) return numberOf(guest.config.vcpus, 1);
  const cpus = numberOf(guest.config.sockets, 1) * numberOf(guest.config.cores, 1);
  return Math.min(cpus, hostCpus);
}

/** The boot disk's size: a container's rootfs, a VM's first disk in `boot: order=`. */
export function maxDisk(guest: GuestState): number {
  if (guest.type === 'lxc') {
    const rootfs = guest.config.rootfs;
    return rootfs === undefined ? 0 : (diskSize('lxc', 'rootfs', rootfs) ?? 0);
  }
  const order = /order=([^,]+)/.exec(guest.config.boot ?? '')?.[1]?.split(';') ?? [];
  const candidates = [...order, ...Object.keys(guest.config).sort()];
  for (const key of candidates) {
    const value = guest.config[key];
    if (!value || !/^(ide|sata|scsi|virtio)\d+$/.test(key) || value.includes('media=cdrom')) {
      continue;
    }
    return diskSize('qemu', key, value) ?? 0;
  }
  return 0;
}

export interface GuestFigures {
  vmid: number;
  name: string;
  status: 'running' | 'stopped';
  uptime: number;
  cpu: number;
  cpus: number;
  mem: number;
  maxmem: number;
  disk: number;
  maxdisk: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
  template?: 1;
  lock?: string;
  tags?: string;
}

/**
 * The figures `status/current` and `/cluster/resources` report; they grow with the clock.
 * Limitation: the numbers are synthetic (a steady traffic rate, a wobbling CPU load, no disk
 * usage inside the guest); only their shape and their movement are real.
 */
export function guestFigures(cluster: Cluster, guest: GuestState): GuestFigures {
  const uptime = uptimeSeconds(cluster, guest);
  const running = isRunning(guest);
  const active = running && !guest.runtime.paused;
  const maxmem = maxMemory(guest);
  const jitter = wobble(guest.vmid, uptime);
  const name =
    guest.config.name ??
    guest.config.hostname ??
    `${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid}`;
  const figures: GuestFigures = {
    vmid: guest.vmid,
    name,
    status: guest.runtime.status,
    uptime,
    cpu: active ? 0.01 + 0.2 * jitter : 0,
    cpus: cpuCount(cluster, guest),
    mem: running ? Math.floor(maxmem * (0.3 + 0.1 * jitter)) : 0,
    maxmem,
    disk: 0,
    maxdisk: maxDisk(guest),
    netin: running ? uptime * 1500 : 0,
    netout: running ? uptime * 900 : 0,
    diskread: running ? uptime * 4096 : 0,
    diskwrite: running ? uptime * 2048 : 0,
  };
  if (isTemplate(guest)) figures.template = 1;
  if (guest.config.lock) figures.lock = guest.config.lock;
  if (guest.config.tags) figures.tags = guest.config.tags;
  return figures;
}

export interface CurrentStatus extends GuestFigures {
  /** QEMU's run state (`running`, `paused`, `stopped`); VMs only. */
  qmpstatus?: string;
  pid?: number;
  agent?: 1;
  ha: { managed: 0 };
}

/** GET `.../status/current`. */
export function currentStatus(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
): CurrentStatus {
  const guest = getGuest(cluster, node, type, vmid);
  const status: CurrentStatus = { ...guestFigures(cluster, guest), ha: { managed: 0 } };
  if (isRunning(guest)) status.pid = 10_000 + guest.vmid;
  if (type === 'qemu') {
    status.qmpstatus = !isRunning(guest) ? 'stopped' : guest.runtime.paused ? 'paused' : 'running';
    if (agentEnabled(guest)) status.agent = 1;
  }
  return status;
}

/** `agent: 1` or `agent: enabled=1,…` turns the guest agent on. */
export function agentEnabled(guest: GuestState): boolean {
  const agent = guest.config.agent;
  if (agent === undefined) return false;
  const enabled = /(?:^|,)(?:enabled=)?([^,=]+)(?:,|$)/.exec(agent)?.[1];
  return enabled === '1' || enabled === 'on' || enabled === 'yes' || enabled === 'true';
}

/** GET `/nodes/{node}/qemu` or `/nodes/{node}/lxc`: the guests of one type on the node. */
export function listGuests(
  cluster: Cluster,
  node: string,
  type: GuestType,
): Array<GuestFigures & { type?: 'lxc'; pid?: number }> {
  return Object.values(cluster.state.guests)
    .filter((guest) => guest.node === node && guest.type === type)
    .sort((a, b) => a.vmid - b.vmid)
    .map((guest) => {
      const entry: GuestFigures & { type?: 'lxc'; pid?: number } = guestFigures(cluster, guest);
      if (type === 'lxc') entry.type = 'lxc';
      if (isRunning(guest)) entry.pid = 10_000 + guest.vmid;
      return entry;
    });
}
