import { parameterError } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import { type ParamRule, param } from '../router/validate.js';
import { cloneGuest, type GuestType, getGuest, migrateGuest } from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import { flag, NODE, type Request, VMID } from './guest-common.js';
import { startGuestTask } from './guest-tasks.js';

const OPTIONAL_BOOLEAN = param.boolean({ optional: true });

function optionalString(request: Request, name: string): Record<string, string> {
  const value = request.params[name];
  return typeof value === 'string' ? { [name]: value } : {};
}

// The parameters each family's clone and migrate take (qemu-server, pve-container).
function cloneParams(type: GuestType): Record<string, ParamRule> {
  const shared: Record<string, ParamRule> = {
    node: NODE,
    vmid: VMID,
    newid: VMID,
    description: param.string({ optional: true }),
    full: OPTIONAL_BOOLEAN,
    pool: param.string({ optional: true, format: 'pve-poolid' }),
    snapname: param.string({ optional: true, maxLength: 40, format: 'pve-configid' }),
    storage: param.string({ optional: true, format: 'pve-storage-id' }),
    target: param.string({ optional: true, format: 'pve-node' }),
  };
  if (type === 'lxc') {
    return {
      ...shared,
      bwlimit: param.number({ optional: true, minimum: 0 }),
      hostname: param.string({ optional: true, format: 'dns-name' }),
    };
  }
  return {
    ...shared,
    bwlimit: param.integer({ optional: true, minimum: 0 }),
    format: param.string({ optional: true, enum: ['raw', 'qcow2', 'vmdk'] }),
    name: param.string({ optional: true, format: 'dns-name' }),
  };
}

function migrateParams(type: GuestType): Record<string, ParamRule> {
  const shared: Record<string, ParamRule> = {
    node: NODE,
    vmid: VMID,
    target: param.string({ format: 'pve-node' }),
    online: OPTIONAL_BOOLEAN,
  };
  if (type === 'lxc') {
    return {
      ...shared,
      bwlimit: param.number({ optional: true, minimum: 0 }),
      restart: OPTIONAL_BOOLEAN,
      'target-storage': param.string({ optional: true, format: 'storage-pair-list' }),
      timeout: param.integer({ optional: true }),
    };
  }
  return {
    ...shared,
    bwlimit: param.integer({ optional: true, minimum: 0 }),
    force: OPTIONAL_BOOLEAN,
    migration_network: param.string({ optional: true, format: 'CIDR' }),
    migration_type: param.string({ optional: true, enum: ['secure', 'insecure'] }),
    targetstorage: param.string({ optional: true, format: 'storage-pair-list' }),
    'with-conntrack-state': OPTIONAL_BOOLEAN,
    'with-local-disks': OPTIONAL_BOOLEAN,
  };
}

/**
 * Clone and migrate of one guest family, as worker tasks.
 * Limitation: bandwidth limits, target storage maps and disk formats are checked and ignored.
 */
export function moveRoutes(type: GuestType, prefix: 'qm' | 'vz'): Route<SimulatorState>[] {
  const vm = `/nodes/{node}/${type}/{vmid}`;
  return [
    {
      method: 'POST',
      path: `${vm}/clone`,
      allowtoken: true,
      permissions: {
        check: [
          'and',
          ['perm', '/vms/{vmid}', ['VM.Clone']],
          [
            'or',
            ['perm', '/vms/{newid}', ['VM.Allocate']],
            ['perm', '/pool/{pool}', ['VM.Allocate'], 'require_param', 'pool'],
          ],
        ],
      },
      params: cloneParams(type),
      handler: (request) => {
        const node = String(request.params.node);
        const vmid = Number(request.params.vmid);
        const name = request.params[type === 'lxc' ? 'hostname' : 'name'];
        const options = {
          newid: Number(request.params.newid),
          ...(request.params.full !== undefined ? { full: flag(request.params.full) } : {}),
          ...(typeof name === 'string' ? { name } : {}),
          ...optionalString(request, 'description'),
          ...optionalString(request, 'storage'),
          ...optionalString(request, 'target'),
          ...optionalString(request, 'snapname'),
          ...optionalString(request, 'pool'),
        };
        const upid = startGuestTask(request, `${prefix}clone`, vmid, (worker) => {
          const clone = cloneGuest(request.state.cluster, node, type, vmid, {
            ...options,
            keepLock: true,
          });
          worker.log(`${options.full === false ? 'create linked clone' : 'create full clone'}`);
          return clone;
        });
        return ok(upid);
      },
    },
    {
      method: 'POST',
      path: `${vm}/migrate`,
      allowtoken: true,
      permissions: { check: ['perm', '/vms/{vmid}', ['VM.Migrate']] },
      params: migrateParams(type),
      handler: (request) => {
        const node = String(request.params.node);
        const vmid = Number(request.params.vmid);
        const options = {
          target: String(request.params.target),
          online: flag(request.params.online),
          withLocalDisks: flag(request.params['with-local-disks']),
          restart: flag(request.params.restart),
        };
        // Checked before the worker starts, so it is a 400 and not a failed task.
        if (options.target === node) throw parameterError({ target: 'target is local node.' });
        // qemu-server names the task `qmigrate`, pve-container `vzmigrate`.
        const task = prefix === 'qm' ? 'qmigrate' : 'vzmigrate';
        const upid = startGuestTask(request, task, vmid, (worker) => {
          const { cluster } = request.state;
          worker.log(
            `starting migration of ${type === 'qemu' ? 'VM' : 'CT'} ${vmid} to node '${options.target}'`,
          );
          migrateGuest(cluster, node, type, vmid, { ...options, keepLock: true });
          worker.log('migration finished successfully');
          return getGuest(cluster, options.target, type, vmid);
        });
        return ok(upid);
      },
    },
  ];
}
