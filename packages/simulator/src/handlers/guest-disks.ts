import type { PermissionSpec } from '../auth/permissions-check.js';
import { HttpError, parameterError } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import { type ParamRule, param } from '../router/validate.js';
import {
  convertToTemplate,
  type GuestType,
  getGuest,
  moveDisk,
  readPending,
  readSnapshotConfig,
  resizeDisk,
  updateSnapshotDescription,
} from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import { flag, NODE, type Request, SKIPLOCK, VMID } from './guest-common.js';
import { startGuestTask } from './guest-tasks.js';

const OPTIONAL_BOOLEAN = param.boolean({ optional: true });
const DIGEST = param.string({ optional: true, maxLength: 40 });
const SNAPNAME = param.string({ maxLength: 40, format: 'pve-configid' });
const AUDIT: PermissionSpec = { check: ['perm', '/vms/{vmid}', ['VM.Audit']] };
const CONFIG_DISK: PermissionSpec = { check: ['perm', '/vms/{vmid}', ['VM.Config.Disk']] };

const numbered = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`);

// The disk keys the schema's `disk`/`volume` enums list (qemu-server, pve-container).
const DISK_KEYS: Record<GuestType, readonly string[]> = {
  qemu: [
    ...numbered('ide', 4),
    ...numbered('scsi', 31),
    ...numbered('virtio', 16),
    ...numbered('sata', 6),
    'efidisk0',
    'tpmstate0',
  ],
  lxc: ['rootfs', ...numbered('mp', 256)],
};

function target(request: Request) {
  return { node: String(request.params.node), vmid: Number(request.params.vmid) };
}

const optionalDigest = (request: Request) =>
  typeof request.params.digest === 'string' ? { digest: request.params.digest } : {};

function resizeRoute(type: GuestType, vm: string): Route<SimulatorState> {
  const params: Record<string, ParamRule> = {
    node: NODE,
    vmid: VMID,
    disk: param.string({ enum: DISK_KEYS[type] }),
    size: param.string(),
    digest: DIGEST,
  };
  if (type === 'qemu') params.skiplock = SKIPLOCK;
  return {
    method: 'PUT',
    path: `${vm}/resize`,
    allowtoken: true,
    permissions: { check: ['perm', '/vms/{vmid}', ['VM.Config.Disk'], 'any', 1] },
    params,
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
 * Limitation: moving to another guest (`target-vmid`) and format conversion are refused.
 */
function moveRoute(type: GuestType, vm: string): Route<SimulatorState> {
  const diskName = type === 'qemu' ? 'disk' : 'volume';
  const params: Record<string, ParamRule> = {
    node: NODE,
    vmid: VMID,
    [diskName]: param.string({ enum: DISK_KEYS[type] }),
    storage: param.string({ optional: true, format: 'pve-storage-id' }),
    delete: OPTIONAL_BOOLEAN,
    digest: DIGEST,
    'target-digest': DIGEST,
    'target-vmid': param.integer({ optional: true, minimum: 100, maximum: 999999999 }),
    bwlimit: param.number({ optional: true, minimum: 0 }),
  };
  if (type === 'qemu') {
    params.format = param.string({ optional: true, enum: ['raw', 'qcow2', 'vmdk'] });
    params['target-disk'] = param.string({ optional: true, enum: DISK_KEYS.qemu });
  } else {
    params['target-volume'] = param.string({ optional: true, enum: DISK_KEYS.lxc });
  }
  return {
    method: 'POST',
    path: `${vm}/${type === 'qemu' ? 'move_disk' : 'move_volume'}`,
    allowtoken: true,
    permissions: CONFIG_DISK,
    params,
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
  const params: Record<string, ParamRule> = { node: NODE, vmid: VMID };
  if (type === 'qemu') params.disk = param.string({ optional: true, enum: DISK_KEYS.qemu });
  return {
    method: 'POST',
    path: `${vm}/template`,
    allowtoken: true,
    permissions: { check: ['perm', '/vms/{vmid}', ['VM.Allocate']] },
    params,
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
      allowtoken: true,
      permissions: {
        check: [
          'perm',
          '/vms/{vmid}',
          ['VM.Snapshot', 'VM.Snapshot.Rollback', 'VM.Audit'],
          'any',
          1,
        ],
      },
      params: { node: NODE, vmid: VMID, snapname: SNAPNAME },
      handler: (request) => {
        const { node, vmid, snapname } = snapshotOf(request);
        return ok(readSnapshotConfig(request.state.cluster, node, type, vmid, snapname));
      },
    },
    {
      method: 'PUT',
      path,
      allowtoken: true,
      permissions: { check: ['perm', '/vms/{vmid}', ['VM.Snapshot']] },
      params: {
        node: NODE,
        vmid: VMID,
        snapname: SNAPNAME,
        description: param.string({ optional: true }),
      },
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

/** Pending changes, resize, move, template and snapshot configs of one guest family. */
export function diskRoutes(type: GuestType): Route<SimulatorState>[] {
  const vm = `/nodes/{node}/${type}/{vmid}`;
  return [
    {
      method: 'GET',
      path: `${vm}/pending`,
      allowtoken: true,
      permissions: AUDIT,
      params: { node: NODE, vmid: VMID },
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(readPending(request.state.cluster, node, type, vmid));
      },
    },
    resizeRoute(type, vm),
    moveRoute(type, vm),
    templateRoute(type, vm),
    ...snapshotConfigRoutes(type, vm),
  ];
}
