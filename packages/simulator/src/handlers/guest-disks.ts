import { HttpError, parameterError } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import {
  convertToTemplate,
  type GuestType,
  getGuest,
  guestRrdData,
  moveDisk,
  type RrdTimeframe,
  readPending,
  readSnapshotConfig,
  resizeDisk,
  updateSnapshotDescription,
} from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import { flag, type Request } from './guest-common.js';
import { startGuestTask } from './guest-tasks.js';
import { typedConfig, typedPending } from './guest-values.js';

function target(request: Request) {
  return { node: String(request.params.node), vmid: Number(request.params.vmid) };
}

const optionalDigest = (request: Request) =>
  typeof request.params.digest === 'string' ? { digest: request.params.digest } : {};

function resizeRoute(type: GuestType, vm: string): Route<SimulatorState> {
  return {
    method: 'PUT',
    path: `${vm}/resize`,
    // Both families resize in a `resize` worker since Proxmox VE 8; its checks fail the task.
    handler: (request) => {
      const { node, vmid } = target(request);
      const disk = String(request.params.disk);
      const size = String(request.params.size);
      const options = { ...optionalDigest(request), skiplock: flag(request.params.skiplock) };
      const upid = startGuestTask(request, 'resize', vmid, () => {
        resizeDisk(request.state.cluster, node, type, vmid, disk, size, options);
        return undefined;
      });
      return ok(upid);
    },
  };
}

/**
 * `move_disk` (VM) and `move_volume` (CT) to another storage of the node. The checks run
 * before the worker starts, as the API does them under the config lock.
 * Limitation: moving to another guest (`target-vmid`) answers 501; `format` and `bwlimit` are
 * accepted and ignored (the volume keeps its format).
 */
function moveRoute(type: GuestType, vm: string): Route<SimulatorState> {
  const diskName = type === 'qemu' ? 'disk' : 'volume';
  return {
    method: 'POST',
    path: `${vm}/${type === 'qemu' ? 'move_disk' : 'move_volume'}`,
    handler: (request) => {
      const { node, vmid } = target(request);
      const disk = String(request.params[diskName]);
      const storage = request.params.storage;
      if (request.params['target-vmid'] !== undefined) {
        throw new HttpError(501, 'moving a disk to another guest is not simulated');
      }
      if (typeof storage !== 'string') {
        throw parameterError({ storage: "either set 'storage' or 'target-vmid'" });
      }
      const { cluster } = request.state;
      const before = getGuest(cluster, node, type, vmid).config[disk] ?? '';
      const options = { delete: flag(request.params.delete), ...optionalDigest(request) };
      const moved = moveDisk(cluster, node, type, vmid, disk, storage, options);
      const task = type === 'qemu' ? 'qmmove' : 'move_volume';
      const upid = startGuestTask(request, task, vmid, (worker) => {
        const from = before.split(',', 1)[0];
        worker.log(`create full clone of drive ${disk} (${from})`);
        worker.log(`moved to ${moved}`);
        return undefined;
      });
      return ok(upid);
    },
  };
}

/**
 * `POST .../template`: a VM converts in a `qmtemplate` worker, a container at once (its API
 * answers null). Proxmox checks running and snapshots before it forks, so those are 500s.
 */
function templateRoute(type: GuestType, vm: string): Route<SimulatorState> {
  return {
    method: 'POST',
    path: `${vm}/template`,
    // Limitation: `disk=` (convert one disk only) converts the whole VM.
    handler: (request) => {
      const { node, vmid } = target(request);
      convertToTemplate(request.state.cluster, node, type, vmid);
      if (type === 'lxc') return ok(null);
      return ok(startGuestTask(request, 'qmtemplate', vmid, () => undefined));
    },
  };
}

function snapshotConfigRoutes(type: GuestType, vm: string): Route<SimulatorState>[] {
  const path = `${vm}/snapshot/{snapname}/config`;
  const snapshotOf = (request: Request) => ({
    ...target(request),
    snapname: String(request.params.snapname),
  });
  return [
    {
      method: 'GET',
      path,
      handler: (request) => {
        const { node, vmid, snapname } = snapshotOf(request);
        const config = readSnapshotConfig(request.state.cluster, node, type, vmid, snapname);
        return ok(typedConfig(type, config));
      },
    },
    {
      method: 'PUT',
      path,
      handler: (request) => {
        const { node, vmid, snapname } = snapshotOf(request);
        const { description } = request.params;
        if (typeof description === 'string') {
          const { cluster } = request.state;
          updateSnapshotDescription(cluster, node, type, vmid, snapname, description);
        }
        return ok(null);
      },
    },
  ];
}

/** Pending changes, resize, move, template, snapshot configs and RRD data of one family. */
export function diskRoutes(type: GuestType): Route<SimulatorState>[] {
  const vm = `/nodes/{node}/${type}/{vmid}`;
  return [
    {
      method: 'GET',
      path: `${vm}/pending`,
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(typedPending(type, readPending(request.state.cluster, node, type, vmid)));
      },
    },
    resizeRoute(type, vm),
    moveRoute(type, vm),
    templateRoute(type, vm),
    ...snapshotConfigRoutes(type, vm),
    {
      method: 'GET',
      path: `${vm}/rrddata`,
      handler: (request) => {
        const { node, vmid } = target(request);
        const timeframe = String(request.params.timeframe) as RrdTimeframe;
        return ok(guestRrdData(request.state.cluster, node, type, vmid, timeframe));
      },
    },
  ];
}
