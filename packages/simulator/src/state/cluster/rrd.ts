import type { Cluster } from './context.js';
import { cpuCount, maxDisk, maxMemory, wobble } from './figures.js';
import { getGuest, isRunning } from './guest.js';
import type { GuestState, GuestType } from './types.js';

/** The resolution of each timeframe of pve-manager's guest RRDs, in seconds. */
const STEP_SECONDS = { hour: 60, day: 1800, week: 10800, month: 43200, year: 604800 } as const;
/** Rows the API answers per timeframe. */
const ROWS = 70;

export type RrdTimeframe = keyof typeof STEP_SECONDS;

export interface RrdPoint {
  time: number;
  cpu?: number;
  maxcpu?: number;
  mem?: number;
  maxmem?: number;
  disk?: number;
  maxdisk?: number;
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
}

// The same steady rates the counters of `status/current` grow by, in bytes per second.
function point(cluster: Cluster, guest: GuestState, time: number): RrdPoint {
  const maxmem = maxMemory(guest);
  const load = wobble(guest.vmid, time);
  return {
    time,
    cpu: 0.01 + 0.2 * load,
    maxcpu: cpuCount(cluster, guest),
    mem: Math.floor(maxmem * (0.3 + 0.1 * load)),
    maxmem,
    disk: 0,
    maxdisk: maxDisk(guest),
    netin: 1500,
    netout: 900,
    diskread: 4096,
    diskwrite: 2048,
  };
}

/**
 * GET `.../rrddata`: one row per step, oldest first; rows from before the guest last started
 * carry only their time, as the RRD has no data for them.
 * Limitation: earlier runs are forgotten, and `cf=MAX` answers the same rows as AVERAGE.
 */
export function guestRrdData(
  cluster: Cluster,
  node: string,
  type: GuestType,
  vmid: number,
  timeframe: RrdTimeframe,
): RrdPoint[] {
  const guest = getGuest(cluster, node, type, vmid);
  const step = STEP_SECONDS[timeframe];
  const now = Math.floor(cluster.clock() / 1000);
  const last = now - (now % step);
  const started = guest.runtime.startedAt === null ? Infinity : guest.runtime.startedAt / 1000;
  const rows: RrdPoint[] = [];
  for (let row = ROWS - 1; row >= 0; row--) {
    const time = last - row * step;
    rows.push(isRunning(guest) && time >= started ? point(cluster, guest, time) : { time });
  }
  return rows;
}
