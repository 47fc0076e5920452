// Heap taken by a large cluster: VMs made through the simulator's state model, each with a
// name, CPU and memory settings, a NIC and a small disk (so a volume record too).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCluster, createQemu } from '../packages/simulator/src/state/cluster/index.js';

export interface MemoryResult {
  readonly guests: number;
  readonly nodes: number;
  readonly heapBytes: number;
  readonly createMs: number;
  /** Time for the first and the last `SLICE` VMs: equal when creation does not slow down. */
  readonly firstSliceMs: number;
  readonly lastSliceMs: number;
  /** True when the time budget ran out before all VMs were made. */
  readonly stoppedEarly: boolean;
}

export const SLICE = 1000;

// `--expose-gc` turned on at run time, so `npm run bench` needs no extra node flags.
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function vmParams(vmid: number): Record<string, string> {
  return {
    name: `vm-${vmid}`,
    memory: '2048',
    cores: '2',
    ostype: 'l26',
    net0: 'virtio,bridge=vmbr0',
    scsi0: 'local-lvm:0.1',
  };
}

export function measureGuestMemory(guests: number, nodes: number, maxMs: number): MemoryResult {
  const gc = collector();
  const before = heapAfterGc(gc);

  const started = performance.now();
  const deadline = started + maxMs;
  const sliceEnds: number[] = [];
  const cluster = createCluster({ nodes });
  let made = 0;
  while (made < guests && performance.now() < deadline) {
    const vmid = 100 + made;
    createQemu(cluster, `pve${1 + (made % nodes)}`, vmid, vmParams(vmid));
    made++;
    if (made % SLICE === 0) sliceEnds.push(performance.now());
  }
  const createMs = performance.now() - started;

  const heapBytes = heapAfterGc(gc) - before;
  // Read after the heap is taken, so the cluster is still reachable when it is.
  const counted = Object.keys(cluster.state.guests).length;
  if (counted !== made) throw new Error(`the cluster holds ${counted} guests, made ${made}`);
  const last = sliceEnds.length - 1;
  return {
    guests: made,
    nodes,
    heapBytes,
    createMs,
    firstSliceMs: (sliceEnds[0] ?? Number.NaN) - started,
    lastSliceMs: (sliceEnds[last] ?? Number.NaN) - (sliceEnds[last - 1] ?? started),
    stoppedEarly: made < guests,
  };
}
