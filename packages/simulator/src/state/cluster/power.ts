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

interface Transition {
  /** The API handler's state checks, made before the worker looks at the config lock. */
  check(guest: GuestState, options: PowerOptions): void;
  apply(cluster: Cluster, guest: GuestState): void;
}

/** QEMU's stop and shutdown of a stopped VM succeed quietly; a container's fail. */
function assertContainerRunning(guest: GuestState): void {
  if (guest.type === 'lxc') assertRunning(guest);
}

const TRANSITIONS: Record<PowerAction, Transition> = {
  start: {
    // vm_start refuses a template, then checks the lock, then whether it already runs.
    check: (guest) => assertNotTemplate(guest),
    apply: (cluster, guest) => {
      if (isRunning(guest)) {
        throw guestError(`${guestLabel(guest.type)} ${guest.vmid} already running`);
      }
      assertBridges(cluster, guest);
      powerOn(cluster, guest);
    },
  },
  stop: { check: assertContainerRunning, apply: (_cluster, guest) => powerOff(guest) },
  shutdown: {
    check: (guest, options) => {
      assertContainerRunning(guest);
      if (guest.runtime.paused && !options.forceStop) assertNotPaused(guest);
    },
    apply: (_cluster, guest) => powerOff(guest),
  },
  reboot: {
    check: (guest) => {
      assertRunning(guest);
      assertNotPaused(guest);
    },
    apply: (cluster, guest) => powerOn(cluster, guest),
  },
  // Limitation: `suspend` with `todisk` (hibernation to a state volume) is not modelled; the
  // VM is only paused.
  suspend: {
    check: assertRunning,
    apply: (_cluster, guest) => {
      guest.runtime.paused = true;
    },
  },
  resume: {
    check: assertRunning,
    apply: (_cluster, guest) => {
      guest.runtime.paused = false;
    },
  },
  reset: {
    check: (guest) => {
      // pve-container has no reset endpoint, so the router never asks; the guard is for callers.
      if (guest.type === 'lxc') throw guestError('reset is not available for containers');
      assertRunning(guest);
    },
    apply: (_cluster, guest) => {
      guest.runtime.paused = false;
    },
  },
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
  const transition = TRANSITIONS[action];
  transition.check(guest, options);
  if (!options.skiplock) checkLock(guest);
  transition.apply(cluster, guest);
}
