import { ok, type Route } from '../router/route.js';
import {
  createSnapshot,
  deleteSnapshot,
  type GuestType,
  getGuest,
  listSnapshots,
  rollbackSnapshot,
} from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import { flag, type Request } from './guest-common.js';
import { logSnapshotVolumes, startGuestTask } from './guest-tasks.js';

function target(request: Request) {
  return {
    node: String(request.params.node),
    vmid: Number(request.params.vmid),
    snapname: String(request.params.snapname),
  };
}

/** The snapshot endpoints of one guest family; each change runs as a worker task. */
export function snapshotRoutes(type: GuestType, prefix: 'qm' | 'vz'): Route<SimulatorState>[] {
  const base = `/nodes/{node}/${type}/{vmid}/snapshot`;
  return [
    {
      method: 'GET',
      path: base,
      handler: ({ state, params }) =>
        ok(listSnapshots(state.cluster, String(params.node), type, Number(params.vmid))),
    },
    {
      method: 'POST',
      path: base,
      handler: (request) => {
        const { node, vmid, snapname } = target(request);
        const { description } = request.params;
        const options = {
          vmstate: flag(request.params.vmstate),
          ...(typeof description === 'string' ? { description } : {}),
        };
        const upid = startGuestTask(request, `${prefix}snapshot`, vmid, (worker) => {
          const { cluster } = request.state;
          createSnapshot(cluster, node, type, vmid, snapname, { ...options, keepLock: true });
          const guest = getGuest(cluster, node, type, vmid);
          logSnapshotVolumes(worker, cluster, guest, snapname, 'created');
          return guest;
        });
        return ok(upid);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/{snapname}`,
      handler: (request) => {
        const { node, vmid, snapname } = target(request);
        const options = { force: flag(request.params.force) };
        const upid = startGuestTask(request, `${prefix}delsnapshot`, vmid, (worker) => {
          const { cluster } = request.state;
          const guest = getGuest(cluster, node, type, vmid);
          deleteSnapshot(cluster, node, type, vmid, snapname, { ...options, keepLock: true });
          logSnapshotVolumes(worker, cluster, guest, snapname, 'removed');
          return guest;
        });
        return ok(upid);
      },
    },
    {
      method: 'POST',
      path: `${base}/{snapname}/rollback`,
      handler: (request) => {
        const { node, vmid, snapname } = target(request);
        const options = { start: flag(request.params.start) };
        const upid = startGuestTask(request, `${prefix}rollback`, vmid, () => {
          const { cluster } = request.state;
          rollbackSnapshot(cluster, node, type, vmid, snapname, { ...options, keepLock: true });
          return getGuest(cluster, node, type, vmid);
        });
        return ok(upid);
      },
    },
  ];
}
