import { privilegesAt } from '../auth/permissions.js';
import { ok, type Route } from '../router/route.js';
import { type ParamRule, param } from '../router/validate.js';
import {
  assertVmidUnused,
  changePower,
  createQemu,
  currentStatus,
  destroyGuest,
  listGuests,
  type PowerAction,
  readConfig,
  updateConfig,
} from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import {
  authidOf,
  configValues,
  flag,
  listOf,
  NODE,
  type Request,
  requirePrivilege,
  SKIPLOCK,
  startWorker,
  VMID,
} from './guest-common.js';

const VM = '/nodes/{node}/qemu/{vmid}';
const AUDIT = { check: ['perm', '/vms/{vmid}', ['VM.Audit']] };
const POWER = { check: ['perm', '/vms/{vmid}', ['VM.PowerMgmt']] };
const CONFIG = {
  check: [
    'perm',
    '/vms/{vmid}',
    [
      'VM.Config.Disk',
      'VM.Config.CDROM',
      'VM.Config.CPU',
      'VM.Config.Memory',
      'VM.Config.Network',
      'VM.Config.HWType',
      'VM.Config.Options',
      'VM.Config.Cloudinit',
    ],
    'any',
    1,
  ],
};

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

function vmidOf(request: Request): number {
  return Number(request.params.vmid);
}

function configUpdate(request: Request) {
  const { params } = request;
  return {
    set: configValues(params, UPDATE_CONTROLS),
    delete: listOf(params.delete),
    revert: listOf(params.revert),
    skiplock: flag(params.skiplock),
    ...(typeof params.digest === 'string' ? { digest: params.digest } : {}),
  };
}

// Limitation: VM creation checks VM.Allocate on /vms/{vmid} only; the storage, network and
// pool privileges qemu-server also checks for what the config names are not evaluated.
function createVm(request: Request) {
  const vmid = vmidOf(request);
  requirePrivilege(request, `/vms/${vmid}`, 'VM.Allocate');
  const { cluster } = request.state;
  const node = String(request.params.node);
  assertVmidUnused(cluster, vmid);
  const values = configValues(request.params, ['node', 'vmid']);
  const start = flag(request.params.start);
  return ok(
    startWorker(request, 'qmcreate', String(vmid), (worker) => {
      createQemu(cluster, node, vmid, values);
      worker.log(`VM ${vmid} created`);
      if (start) changePower(cluster, node, 'qemu', vmid, 'start');
    }),
  );
}

const POWER_TASKS: Record<PowerAction, string> = {
  start: 'qmstart',
  stop: 'qmstop',
  shutdown: 'qmshutdown',
  reboot: 'qmreboot',
  suspend: 'qmsuspend',
  resume: 'qmresume',
  reset: 'qmreset',
};

const OPTIONAL_BOOLEAN = param.boolean({ optional: true });
const TIMEOUT = param.integer({ optional: true, minimum: 0 });

// Limitation: only `skiplock` (and `forceStop` for shutdown) change what a power action does;
// timeouts, migration and state-file options are checked and then ignored.
const POWER_PARAMS: Record<PowerAction, Record<string, ParamRule>> = {
  start: {
    skiplock: SKIPLOCK,
    'force-cpu': param.string({ optional: true }),
    machine: param.string({ optional: true }),
    migratedfrom: param.string({ optional: true, format: 'pve-node' }),
    migration_network: param.string({ optional: true, format: 'CIDR' }),
    migration_type: param.string({ optional: true, enum: ['secure', 'insecure'] }),
    'nets-host-mtu': param.string({ optional: true }),
    stateuri: param.string({ optional: true, maxLength: 128 }),
    targetstorage: param.string({ optional: true, format: 'storage-pair-list' }),
    timeout: TIMEOUT,
    'with-conntrack-state': OPTIONAL_BOOLEAN,
  },
  stop: {
    skiplock: SKIPLOCK,
    keepActive: OPTIONAL_BOOLEAN,
    migratedfrom: param.string({ optional: true, format: 'pve-node' }),
    'overrule-shutdown': OPTIONAL_BOOLEAN,
    timeout: TIMEOUT,
  },
  shutdown: {
    skiplock: SKIPLOCK,
    forceStop: OPTIONAL_BOOLEAN,
    keepActive: OPTIONAL_BOOLEAN,
    timeout: TIMEOUT,
  },
  reboot: { timeout: TIMEOUT },
  suspend: {
    skiplock: SKIPLOCK,
    statestorage: param.string({ optional: true, format: 'pve-storage-id', requires: 'todisk' }),
    todisk: OPTIONAL_BOOLEAN,
  },
  resume: { skiplock: SKIPLOCK, nocheck: OPTIONAL_BOOLEAN },
  reset: { skiplock: SKIPLOCK },
};

function powerRoute(action: PowerAction): Route<SimulatorState> {
  return {
    method: 'POST',
    path: `${VM}/status/${action}`,
    allowtoken: true,
    permissions: POWER,
    params: { node: NODE, vmid: VMID, ...POWER_PARAMS[action] },
    handler: (request) => {
      const vmid = vmidOf(request);
      const node = String(request.params.node);
      const options = {
        skiplock: flag(request.params.skiplock),
        forceStop: flag(request.params.forceStop),
      };
      return ok(
        startWorker(request, POWER_TASKS[action], String(vmid), () => {
          changePower(request.state.cluster, node, 'qemu', vmid, action, options);
        }),
      );
    },
  };
}

export const qemuRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/qemu',
    allowtoken: true,
    permissions: { user: 'all' },
    params: { node: NODE, full: param.boolean({ optional: true }) },
    handler: (request) => {
      const view = request.state.accessView();
      const authid = authidOf(request.auth);
      const guests = listGuests(request.state.cluster, String(request.params.node), 'qemu');
      return ok(
        guests.filter((guest) => privilegesAt(view, authid, `/vms/${guest.vmid}`).has('VM.Audit')),
      );
    },
  },
  {
    method: 'POST',
    path: '/nodes/{node}/qemu',
    allowtoken: true,
    permissions: { user: 'all' },
    params: { node: NODE, vmid: VMID },
    openParams: true,
    handler: createVm,
  },
  {
    method: 'GET',
    path: `${VM}/config`,
    allowtoken: true,
    permissions: AUDIT,
    params: {
      node: NODE,
      vmid: VMID,
      current: param.boolean({ optional: true }),
      snapshot: param.string({ optional: true, maxLength: 40, format: 'pve-configid' }),
    },
    handler: ({ state, params }) => {
      const snapshot = typeof params.snapshot === 'string' ? { snapshot: params.snapshot } : {};
      const options = { current: flag(params.current), ...snapshot };
      return ok(
        readConfig(state.cluster, String(params.node), 'qemu', Number(params.vmid), options),
      );
    },
  },
  {
    method: 'PUT',
    path: `${VM}/config`,
    allowtoken: true,
    permissions: CONFIG,
    params: { node: NODE, vmid: VMID, skiplock: SKIPLOCK },
    openParams: true,
    handler: (request) => {
      const { cluster } = request.state;
      updateConfig(
        cluster,
        String(request.params.node),
        'qemu',
        vmidOf(request),
        configUpdate(request),
      );
      return ok(null);
    },
  },
  {
    method: 'POST',
    path: `${VM}/config`,
    allowtoken: true,
    permissions: CONFIG,
    params: { node: NODE, vmid: VMID, skiplock: SKIPLOCK },
    openParams: true,
    handler: (request) => {
      const update = configUpdate(request);
      const node = String(request.params.node);
      const vmid = vmidOf(request);
      return ok(
        startWorker(request, 'qmconfig', String(vmid), () => {
          updateConfig(request.state.cluster, node, 'qemu', vmid, update);
        }),
      );
    },
  },
  {
    method: 'GET',
    path: `${VM}/status/current`,
    allowtoken: true,
    permissions: AUDIT,
    params: { node: NODE, vmid: VMID },
    handler: ({ state, params }) =>
      ok(currentStatus(state.cluster, String(params.node), 'qemu', Number(params.vmid))),
  },
  ...(Object.keys(POWER_TASKS) as PowerAction[]).map(powerRoute),
  {
    method: 'DELETE',
    path: VM,
    allowtoken: true,
    permissions: { check: ['perm', '/vms/{vmid}', ['VM.Allocate']] },
    params: {
      node: NODE,
      vmid: VMID,
      skiplock: SKIPLOCK,
      purge: param.boolean({ optional: true }),
      'destroy-unreferenced-disks': param.boolean({ optional: true }),
    },
    handler: (request) => {
      const vmid = vmidOf(request);
      const node = String(request.params.node);
      const options = {
        purge: flag(request.params.purge),
        skiplock: flag(request.params.skiplock),
      };
      return ok(
        startWorker(request, 'qmdestroy', String(vmid), () => {
          destroyGuest(request.state.cluster, node, 'qemu', vmid, options);
        }),
      );
    },
  },
];
