import type { Cluster } from './context.js';
import { guestError } from './errors.js';
import type { GuestState, GuestType } from './types.js';

/** How Proxmox names the guest kind in messages (`guest_type` of PVE::AbstractConfig). */
export function guestLabel(type: GuestType): 'VM' | 'CT' {
  return type === 'qemu' ? 'VM' : 'CT';
}

/** The config file path below `/etc/pve`, as Proxmox's messages show it. */
export function configPath(node: string, type: GuestType, vmid: number): string {
  return `nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf`;
}

/** The guest `vmid` of `type` on `node`, or Proxmox's error for a config file not there. */
export function getGuest(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
): GuestState {
  const guest = cluster.state.guests[String(vmid)];
  if (!guest || guest.node !== node || guest.type !== type) {
    throw guestError(`Configuration file '${configPath(node, type, vmid)}' does not exist`);
  }
  return guest;
}

export function findGuest(cluster: Cluster, vmid: number): GuestState | undefined {
  return cluster.state.guests[String(vmid)];
}

export function isTemplate(guest: GuestState): boolean {
  return guest.config.template === '1';
}

export function isRunning(guest: GuestState): boolean {
  return guest.runtime.status === 'running';
}

/** Every guest of the cluster, by ascending vmid. */
export function allGuests(cluster: Cluster): GuestState[] {
  return Object.values(cluster.state.guests).sort((a, b) => a.vmid - b.vmid);
}
