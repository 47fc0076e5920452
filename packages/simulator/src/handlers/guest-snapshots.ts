import { ok, type Route } from '../router/route.js';
import { type ParamRule, param } from '../router/validate.js';
import {
  createSnapshot,
  deleteSnapshot,
  type GuestType,
  getGuest,
  listSnapshots,
  rollbackSnapshot,
} from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import { flag, NODE, type Request, VMID } from './guest-common.js';
import { startGuestTask } from './guest-tasks.js';

const SNAPNAME = param.string({ maxLength: 40, format: 'pve-configid' });
const OPTIONAL_BOOLEAN = param.boolean({ optional: true });
const SNAPSHOT = { check: ['perm', '/vms/{vmid}', ['VM.Snapshot']] };

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
  const createParams: Record<string, ParamRule> = {
    node: NODE,
    vmid: VMID,
    snapname: SNAPNAME,
    description: param.string({ optional: true }),
  };
  if (type === 'qemu') createParams.vmstate = OPTIONAL_BOOLEAN;
  return [
    {
      method: 'GET',
      path: base,
      allowtoken: true,
      permissions: { check: ['perm', '/vms/{vmid}', ['VM.Audit']] },
      params: { node: NODE, vmid: VMID },
      handler: ({ state, params }) =>
        ok(listSnapshots(state.cluster, String(params.node), type, Number(params.vmid))),
    },
    {
      method: 'POST',
      path: base,
      allowtoken: true,
      permissions: SNAPSHOT,
      params: createParams,
      handler: (request) => {
        const { node, vmid, snapname } = target(request);
        const { description } = request.params;
        const options = {
          vmstate: flag(request.params.vmstate),
          ...(typeof description === 'string' ? { description } : {}),
        };
        const upid = startGuestTask(request, `${prefix}snapshot`, vmid, () => {
          const { cluster } = request.state;
          createSnapshot(cluster, node, type, vmid, snapname, { ...options, keepLock: true });
          return getGuest(cluster, node, type, vmid);
        });
        return ok(upid);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/{snapname}`,
      allowtoken: true,
      permissions: SNAPSHOT,
      params: { node: NODE, vmid: VMID, snapname: SNAPNAME, force: OPTIONAL_BOOLEAN },
      handler: (request) => {
        const { node, vmid, snapname } = target(request);
        const options = { force: flag(request.params.force) };
        const upid = startGuestTask(request, `${prefix}delsnapshot`, vmid, () => {
          const { cluster } = request.state;
          deleteSnapshot(cluster, node, type, vmid, snapname, { ...options, keepLock: true });
          return getGuest(cluster, node, type, vmid);
        });
        return ok(upid);
      },
    },
    {
      method: 'POST',
      path: `${base}/{snapname}/rollback`,
      allowtoken: true,
      permissions: {
        check: ['perm', '/vms/{vmid}', ['VM.Snapshot', 'VM.Snapshot.Rollback'], 'any', 1],
      },
      params: { node: NODE, vmid: VMID, snapname: SNAPNAME, start: OPTIONAL_BOOLEAN },
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
