import { privilegesAt } from '../auth/permissions.js';
import { ok, type Route } from '../router/route.js';
import {
  assertSshKeys,
  assertVmidUnused,
  type Cluster,
  changePower,
  currentStatus,
  destroyGuest,
  type GuestState,
  type GuestType,
  getGuest,
  isRunning,
  listGuests,
  type PowerAction,
  readConfig,
  regenerateCloudinit,
  updateConfig,
} from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import {
  authidOf,
  configValues,
  flag,
  listOf,
  type Request,
  requirePrivilege,
} from './guest-common.js';
import { diskRoutes } from './guest-disks.js';
import { moveRoutes } from './guest-moves.js';
import { snapshotRoutes } from './guest-snapshots.js';
import { logAllocations, logRemovals, startGuestTask } from './guest-tasks.js';
import { typedConfig } from './guest-values.js';

/** What differs between the QEMU and LXC families of endpoints, as the schema and the code say. */
export interface GuestFacts {
  readonly type: GuestType;
  /** `qm` or `vz`: the prefix of the worker task types (`qmstart`, `vzcreate` …). */
  readonly taskPrefix: 'qm' | 'vz';
  readonly create: (
    cluster: Cluster,
    node: string,
    vmid: number,
    values: Record<string, string>,
    options: { keepLock: boolean },
  ) => GuestState;
  /** The power actions of the family (containers have no `reset`). */
  readonly powerActions: readonly PowerAction[];
  /** POST `.../config`, the asynchronous update (QEMU only). */
  readonly asyncConfig: boolean;
}

// Parameters of the config endpoints that steer the update instead of being stored.
const UPDATE_CONTROLS = [
  'node',
  'vmid',
  'delete',
  'revert',
  'digest',
  'skiplock',
  'background_delay',
];

const target = (request: Request) => ({
  node: String(request.params.node),
  vmid: Number(request.params.vmid),
});

function configUpdate(request: Request) {
  const { params } = request;
  // qemu-server checks the keys before it locks the config or forks a worker.
  if (typeof params.sshkeys === 'string') assertSshKeys(params.sshkeys);
  return {
    set: configValues(params, UPDATE_CONTROLS),
    delete: listOf(params.delete),
    revert: listOf(params.revert),
    skiplock: flag(params.skiplock),
    ...(typeof params.digest === 'string' ? { digest: params.digest } : {}),
  };
}

function listRoute(facts: GuestFacts, base: string): Route<SimulatorState> {
  return {
    method: 'GET',
    path: base,
    // Only guests the caller may audit are listed.
    handler: (request) => {
      const view = request.state.accessView();
      const authid = authidOf(request.auth);
      const guests = listGuests(request.state.cluster, String(request.params.node), facts.type);
      const audited = (vmid: number) => privilegesAt(view, authid, `/vms/${vmid}`).has('VM.Audit');
      return ok(guests.filter((guest) => audited(guest.vmid)));
    },
  };
}

// Limitation: creation checks VM.Allocate on /vms/{vmid} only; the storage, bridge and pool
// privileges Proxmox also checks for what the config names are not evaluated.
function createRoute(facts: GuestFacts, base: string): Route<SimulatorState> {
  return {
    method: 'POST',
    path: base,
    handler: (request) => {
      const { node, vmid } = target(request);
      requirePrivilege(request, `/vms/${vmid}`, 'VM.Allocate');
      const { cluster } = request.state;
      assertVmidUnused(cluster, vmid);
      const values = configValues(request.params, ['node', 'vmid']);
      if (values.sshkeys !== undefined) assertSshKeys(values.sshkeys);
      const start = flag(request.params.start);
      const upid = startGuestTask(request, `${facts.taskPrefix}create`, vmid, (worker) => {
        const guest = facts.create(cluster, node, vmid, values, { keepLock: true });
        logAllocations(worker, cluster, guest);
        // Limitation: `start=1` starts the guest with the create task, not in a task of its own.
        if (start) {
          delete guest.config.lock;
          changePower(cluster, node, facts.type, vmid, 'start');
          guest.config.lock = 'create';
        }
        return guest;
      });
      return ok(upid);
    },
  };
}

function configRoutes(facts: GuestFacts, vm: string): Route<SimulatorState>[] {
  const routes: Route<SimulatorState>[] = [
    {
      method: 'GET',
      path: `${vm}/config`,
      handler: (request) => {
        const { node, vmid } = target(request);
        const { snapshot, current } = request.params;
        const options = {
          current: flag(current),
          ...(typeof snapshot === 'string' ? { snapshot } : {}),
        };
        const config = readConfig(request.state.cluster, node, facts.type, vmid, options);
        // qemu-server never shows the stored cloud-init password hash.
        if (config.cipassword !== undefined) config.cipassword = '**********';
        return ok(typedConfig(facts.type, config));
      },
    },
    {
      method: 'PUT',
      path: `${vm}/config`,
      handler: (request) => {
        const { node, vmid } = target(request);
        updateConfig(request.state.cluster, node, facts.type, vmid, configUpdate(request));
        return ok(null);
      },
    },
  ];
  if (!facts.asyncConfig) return routes;
  return [
    ...routes,
    {
      method: 'POST',
      path: `${vm}/config`,
      handler: (request) => {
        const { node, vmid } = target(request);
        const changes = configUpdate(request);
        const upid = startGuestTask(request, `${facts.taskPrefix}config`, vmid, () => {
          updateConfig(request.state.cluster, node, facts.type, vmid, changes);
          return undefined;
        });
        return ok(upid);
      },
    },
  ];
}

// Limitation: only `skiplock` and `forceStop` change what a power action does; timeouts,
// migration and state-file options are checked and then ignored.
function powerRoute(facts: GuestFacts, vm: string, action: PowerAction): Route<SimulatorState> {
  return {
    method: 'POST',
    path: `${vm}/status/${action}`,
    handler: (request) => {
      const { node, vmid } = target(request);
      const options = {
        skiplock: flag(request.params.skiplock),
        forceStop: flag(request.params.forceStop),
      };
      const upid = startGuestTask(request, `${facts.taskPrefix}${action}`, vmid, () => {
        const { cluster } = request.state;
        changePower(cluster, node, facts.type, vmid, action, options);
        // Each start rebuilds the cloud-init drive from the config as it is then.
        if (facts.type === 'qemu' && action === 'start') {
          regenerateCloudinit(getGuest(cluster, node, 'qemu', vmid));
        }
        return undefined;
      });
      return ok(upid);
    },
  };
}

function destroyRoute(facts: GuestFacts, vm: string): Route<SimulatorState> {
  return {
    method: 'DELETE',
    path: vm,
    handler: (request) => {
      const { node, vmid } = target(request);
      const options = {
        purge: flag(request.params.purge),
        skiplock: flag(request.params.skiplock),
        destroyUnreferenced: flag(request.params['destroy-unreferenced-disks']),
      };
      // pve-container's `force` stops a running container first; VMs have no such option.
      const force = facts.type === 'lxc' && flag(request.params.force);
      const upid = startGuestTask(request, `${facts.taskPrefix}destroy`, vmid, (worker) => {
        const { cluster } = request.state;
        if (force && isRunning(getGuest(cluster, node, facts.type, vmid))) {
          changePower(cluster, node, facts.type, vmid, 'stop');
        }
        const freed = destroyGuest(cluster, node, facts.type, vmid, options);
        logRemovals(worker, request.state.cluster, node, freed);
        return undefined;
      });
      return ok(upid);
    },
  };
}

/** The endpoints of one guest family, `/nodes/{node}/qemu` or `/nodes/{node}/lxc`. */
export function guestRoutes(facts: GuestFacts): Route<SimulatorState>[] {
  const base = `/nodes/{node}/${facts.type}`;
  const vm = `${base}/{vmid}`;
  return [
    listRoute(facts, base),
    createRoute(facts, base),
    ...configRoutes(facts, vm),
    {
      method: 'GET',
      path: `${vm}/status/current`,
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(currentStatus(request.state.cluster, node, facts.type, vmid));
      },
    },
    ...facts.powerActions.map((action) => powerRoute(facts, vm, action)),
    destroyRoute(facts, vm),
    ...snapshotRoutes(facts.type, facts.taskPrefix),
    ...moveRoutes(facts.type, facts.taskPrefix),
    ...diskRoutes(facts.type),
  ];
}
