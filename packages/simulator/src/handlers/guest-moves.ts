import { parameterError } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import { diskVolid } from '../state/cluster/disks.js';
import {
  cloneGuest,
  completeMigration,
  type GuestState,
  type GuestType,
  getGuest,
  isTemplate,
  prepareMigration,
} from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import type { WorkerContext } from '../tasks/registry.js';
import { flag, type Request } from './guest-common.js';
import { startGuestTask } from './guest-tasks.js';

function optionalString(request: Request, name: string): Record<string, string> {
  const value = request.params[name];
  return typeof value === 'string' ? { [name]: value } : {};
}

/** qemu-server's line per copied drive: `create full clone of drive scsi0 (local-lvm:…)`. */
function logCloneDisks(worker: WorkerContext, source: GuestState, full: boolean): void {
  for (const [key, value] of Object.entries(source.config)) {
    const volid = diskVolid(source, key, value);
    if (volid === undefined || value.includes('cloudinit')) continue;
    worker.log(`create ${full ? 'full' : 'linked'} clone of drive ${key} (${volid})`);
  }
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
        // qemu-server checks the source, the new vmid and every drive's clone feature before
        // it forks the worker, so those refusals are 500s; the new guest then holds
        // `lock: clone` while the task copies.
        const { cluster } = request.state;
        const source = getGuest(cluster, node, type, vmid);
        const full = options.full ?? !isTemplate(source);
        const clone = cloneGuest(cluster, node, type, vmid, { ...options, keepLock: true });
        const upid = startGuestTask(request, `${prefix}clone`, vmid, (worker) => {
          logCloneDisks(worker, source, full);
          return clone;
        });
        return ok(upid);
      },
    },
    {
      method: 'POST',
      path: `${vm}/migrate`,
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
        // The API checks the guest's state before it forks, so a running VM without `online`
        // is a 500, not a failed task. The guest stays on its node, locked, until the task
        // has run; then it is on the target.
        const { cluster } = request.state;
        const guest = prepareMigration(cluster, node, type, vmid, options);
        const label = type === 'qemu' ? 'VM' : 'CT';
        // qemu-server names the task `qmigrate`, pve-container `vzmigrate`.
        const task = prefix === 'qm' ? 'qmigrate' : 'vzmigrate';
        const upid = startGuestTask(
          request,
          task,
          vmid,
          (worker) => {
            worker.log(`starting migration of ${label} ${vmid} to node '${options.target}'`);
            return guest;
          },
          (worker) => {
            completeMigration(cluster, guest, { ...options, keepLock: true });
            worker.log('migration finished successfully');
          },
        );
        return ok(upid);
      },
    },
  ];
}
