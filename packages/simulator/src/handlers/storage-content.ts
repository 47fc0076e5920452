import { privilegesAt } from '../auth/permissions.js';
import { HttpError } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import { type ContentType, freeVolume, listContent, parseVolid } from '../state/cluster/index.js';
import {
  allocNamedVolume,
  assertDeletable,
  contentVolid,
  updateVolumeAttributes,
  volumeInfo,
} from '../state/cluster/storage-volumes.js';
import type { SimulatorState } from '../state/state.js';
import { authidOf, type Request, startWorker } from './guest-common.js';
import { booleanParam, integerParam, requiredString, stringParam } from './params.js';

function target(request: Request) {
  const storeid = stringParam(request.params, 'storage');
  const volid = contentVolid(storeid, String(request.params.volume));
  return { node: String(request.params.node), volid };
}

function holds(request: Request, path: string, privilege: string): boolean {
  return privilegesAt(request.state.accessView(), authidOf(request.auth), path).has(privilege);
}

/**
 * Who may touch a volume (pve-storage `check_volume_access`): `Datastore.Allocate` on the
 * storage, or for a guest's own disk `Datastore.AllocateSpace` there plus `VM.Config.Disk`
 * on the guest; reading also needs no more than `Datastore.Audit`.
 * Limitation: backups owned by a guest do not yet grant access through `VM.Backup`.
 */
function requireVolumeAccess(request: Request, volid: string, read: boolean): void {
  const { storeid } = parseVolid(volid);
  const storagePath = `/storage/${storeid}`;
  if (holds(request, storagePath, 'Datastore.Allocate')) return;
  if (read && holds(request, storagePath, 'Datastore.Audit')) return;
  const node = request.state.cluster.state.nodes[String(request.params.node)];
  const owner = node?.storages[storeid]?.volumes[parseVolid(volid).volname]?.vmid;
  if (
    owner !== undefined &&
    holds(request, storagePath, 'Datastore.AllocateSpace') &&
    holds(request, `/vms/${owner}`, 'VM.Config.Disk')
  ) {
    return;
  }
  throw new HttpError(403, `Permission check failed (${storagePath}, Datastore.Allocate)`);
}

/**
 * With `delay`, Content.pm waits up to that many seconds for the worker: a finished deletion
 * answers null (or its error), one still running its UPID.
 */
async function awaitDeletion(request: Request, upid: string, delaySeconds: number) {
  const { tasks } = request.state;
  let cancel = () => {};
  const timeout = new Promise<undefined>((resolve) => {
    cancel = tasks.clock.schedule(delaySeconds * 1000, () => resolve(undefined));
  });
  const finished = await Promise.race([tasks.whenDone(upid), timeout]);
  cancel();
  if (finished === undefined) return upid;
  if (finished.exitstatus === 'OK') return null;
  throw new HttpError(500, String(finished.exitstatus));
}

export const storageContentRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/content',
    handler: ({ state, params }) => {
      const content = stringParam(params, 'content') as ContentType | undefined;
      const vmid = integerParam(params, 'vmid');
      const filter = { ...(content ? { content } : {}), ...(vmid ? { vmid } : {}) };
      return ok(listContent(state.cluster, String(params.node), String(params.storage), filter));
    },
  },
  {
    method: 'POST',
    path: '/nodes/{node}/storage/{storage}/content',
    handler: ({ state, params }) => {
      const format = stringParam(params, 'format');
      const volid = allocNamedVolume(state.cluster, {
        node: String(params.node),
        storeid: String(params.storage),
        vmid: Number(params.vmid),
        filename: requiredString(params, 'filename'),
        size: requiredString(params, 'size'),
        ...(format === undefined ? {} : { format }),
      });
      return ok(volid);
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/content/{volume}',
    handler: (request) => {
      const { node, volid } = target(request);
      requireVolumeAccess(request, volid, true);
      return ok(volumeInfo(request.state.cluster, node, volid));
    },
  },
  {
    method: 'PUT',
    path: '/nodes/{node}/storage/{storage}/content/{volume}',
    handler: (request) => {
      const { node, volid } = target(request);
      requireVolumeAccess(request, volid, false);
      const notes = stringParam(request.params, 'notes');
      const isProtected = booleanParam(request.params, 'protected');
      updateVolumeAttributes(request.state.cluster, node, volid, {
        ...(notes === undefined ? {} : { notes }),
        ...(isProtected === undefined ? {} : { protected: isProtected }),
      });
      return ok(null);
    },
  },
  {
    method: 'DELETE',
    path: '/nodes/{node}/storage/{storage}/content/{volume}',
    handler: async (request) => {
      const { node, volid } = target(request);
      requireVolumeAccess(request, volid, false);
      assertDeletable(request.state.cluster, node, volid);
      // Content.pm starts `imgdel` without an id: a volid would not fit the UPID grammar.
      const upid = startWorker(request, 'imgdel', '', (worker) => {
        freeVolume(request.state.cluster, node, volid);
        worker.log(`Removed volume '${volid}'`);
      });
      const delay = integerParam(request.params, 'delay');
      return ok(delay === undefined ? upid : await awaitDeletion(request, upid, delay));
    },
  },
];
