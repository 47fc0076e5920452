import { applyPending } from './config.js';
import type { Cluster } from './context.js';
import { guestError } from './errors.js';
import { getGuest, guestLabel, isRunning, isTemplate } from './guest.js';
import { assertFileLockFree, checkLock } from './locks.js';
import type { GuestState, GuestType } from './types.js';

export type PowerAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'suspend' | 'resume' | 'reset';

export interface PowerOptions {
  skiplock?: boolean;
  /** `shutdown` of a paused VM stops it instead of failing. */
  forceStop?: boolean;
}

function notRunning(guest: GuestState): Error {
  return guestError(`${guestLabel(guest.type)} ${guest.vmid} not running`);
}

function assertRunning(guest: GuestState): void {
  if (!isRunning(guest)) throw notRunning(guest);
}

/** A paused VM ignores ACPI, so qemu-server refuses to shut it down. */
function assertNotPaused(guest: GuestState): void {
  if (guest.runtime.paused) throw guestError('VM is paused - cannot shutdown');
}

function powerOff(guest: GuestState): void {
  guest.runtime.status = 'stopped';
  guest.runtime.paused = false;
  guest.runtime.startedAt = null;
  guest.runtime.agentProcesses = [];
}

function powerOn(cluster: Cluster, guest: GuestState): void {
  applyPending(cluster, guest);
  guest.runtime.status = 'running';
  guest.runtime.paused = false;
  guest.runtime.startedAt = cluster.clock();
  guest.runtime.agentProcesses = [];
}

function assertNotTemplate(guest: GuestState): void {
  if (isTemplate(guest)) {
    const what = guest.type === 'qemu' ? 'vm' : 'CT';
    throw guestError(`you can't start a ${what} if it's a template`);
  }
}

/** Every NIC's bridge must exist on the node, or the tap cannot be plugged (PVE::Network). */
function assertBridges(cluster: Cluster, guest: GuestState): void {
  const bridges = new Set(
    (cluster.state.nodes[guest.node]?.network ?? [])
      .filter((nic) => nic.type === 'bridge')
      .map((nic) => nic.iface),
  );
  const config = { ...guest.config, ...guest.pending };
  for (const [key, value] of Object.entries(config)) {
    if (!/^net\d+$/.test(key)) continue;
    const bridge = /(?:^|,)bridge=([^,]+)/.exec(value)?.[1];
    if (bridge !== undefined && !bridges.has(bridge)) {
      throw guestError(`bridge '${bridge}' does not exist`);
    }
  }
}

function start(cluster: Cluster, guest: GuestState): void {
  if (isRunning(guest)) throw guestError(`${guestLabel(guest.type)} ${guest.vmid} already running`);
  assertBridges(cluster, guest);
  powerOn(cluster, guest);
}

/** QEMU's stop and shutdown of a stopped VM succeed quietly; a container's fail. */
function stop(guest: GuestState): void {
  if (guest.type === 'lxc') assertRunning(guest);
  powerOff(guest);
}

function shutdown(guest: GuestState, options: PowerOptions): void {
  if (guest.type === 'lxc') assertRunning(guest);
  if (guest.runtime.paused && !options.forceStop) assertNotPaused(guest);
  powerOff(guest);
}

function reboot(cluster: Cluster, guest: GuestState): void {
  assertRunning(guest);
  assertNotPaused(guest);
  powerOn(cluster, guest);
}

// Limitation: `suspend` with `todisk` (hibernation to a state volume) is not modelled; the VM
// is only paused.
function suspend(guest: GuestState): void {
  assertRunning(guest);
  guest.runtime.paused = true;
}

function resume(guest: GuestState): void {
  assertRunning(guest);
  guest.runtime.paused = false;
}

function reset(guest: GuestState): void {
  // pve-container has no reset endpoint, so the router never sends one; the guard is for callers.
  if (guest.type === 'lxc') throw guestError('reset is not available for containers');
  assertRunning(guest);
  guest.runtime.paused = false;
}

type Transition = (cluster: Cluster, guest: GuestState, options: PowerOptions) => void;

const TRANSITIONS: Record<PowerAction, Transition> = {
  start: (cluster, guest) => start(cluster, guest),
  stop: (_cluster, guest) => stop(guest),
  shutdown: (_cluster, guest, options) => shutdown(guest, options),
  reboot: (cluster, guest) => reboot(cluster, guest),
  suspend: (_cluster, guest) => suspend(guest),
  resume: (_cluster, guest) => resume(guest),
  reset: (_cluster, guest) => reset(guest),
};

/**
 * POST `.../status/{action}`: one transition of the power state machine, with the error
 * qemu-server or pve-container gives when the guest is in the wrong state for it.
 */
export function changePower(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  action: PowerAction,
  options: PowerOptions = {},
): void {
  const guest = getGuest(cluster, node, type, vmid);
  assertFileLockFree(cluster, guest);
  // qemu-server's vm_start refuses a template before it looks at the lock.
  if (action === 'start') assertNotTemplate(guest);
  if (!options.skiplock) checkLock(guest);
  TRANSITIONS[action](cluster, guest, options);
}
