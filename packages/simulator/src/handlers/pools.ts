import { privilegesAt } from '../auth/permissions.js';
import { HttpError, parameterError } from '../router/http-error.js';
import { type HandlerRequest, ok, type Route } from '../router/route.js';
import { clusterResources, findGuest, type PoolState } from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import { authidOf, flag, listOf } from './guest-common.js';

type Request = HandlerRequest<SimulatorState>;

function pools(request: Request): Record<string, PoolState> {
  return request.state.cluster.state.pools;
}

function existingPool(request: Request): PoolState {
  const poolid = String(request.params.poolid);
  const pool = pools(request)[poolid];
  if (pool === undefined) throw new HttpError(500, `pool '${poolid}' does not exist`);
  return pool;
}

// Members as `/cluster/resources` describes them, optionally of one type.
function members(request: Request, pool: PoolState, type: unknown) {
  const all = clusterResources(request.state.cluster).filter((resource) => {
    if (resource.type === 'storage') return pool.storages.includes(String(resource.storage));
    return resource.vmid !== undefined && pool.vmids.includes(Number(resource.vmid));
  });
  return type === undefined ? all : all.filter((resource) => resource.type === type);
}

function createPool(request: Request) {
  const poolid = String(request.params.poolid);
  if (!/^[A-Za-z0-9.\-_]+$/.test(poolid)) throw parameterError({ poolid: 'invalid format' });
  if (pools(request)[poolid] !== undefined) {
    throw new HttpError(500, `create pool failed: pool '${poolid}' already exists`);
  }
  const comment = request.params.comment;
  pools(request)[poolid] = {
    poolid,
    vmids: [],
    storages: [],
    ...(typeof comment === 'string' ? { comment } : {}),
  };
  return ok(null);
}

function addVm(request: Request, pool: PoolState, vmid: number): void {
  if (findGuest(request.state.cluster, vmid) === undefined) {
    throw new HttpError(500, `no such VM '${vmid}'`);
  }
  const other = Object.values(pools(request)).find(
    (candidate) => candidate !== pool && candidate.vmids.includes(vmid),
  );
  if (other !== undefined && !flag(request.params['allow-move'])) {
    throw new HttpError(500, `VM ${vmid} belongs already to pool '${other.poolid}'`);
  }
  if (other !== undefined) other.vmids = other.vmids.filter((id) => id !== vmid);
  if (!pool.vmids.includes(vmid)) pool.vmids.push(vmid);
}

function addStorage(request: Request, pool: PoolState, storeid: string): void {
  const nodes = Object.values(request.state.cluster.state.nodes);
  if (!nodes.some((node) => node.storages[storeid] !== undefined)) {
    throw new HttpError(500, `no such storage '${storeid}'`);
  }
  if (!pool.storages.includes(storeid)) pool.storages.push(storeid);
}

function updatePool(request: Request) {
  const pool = existingPool(request);
  const { params } = request;
  if (typeof params.comment === 'string') pool.comment = params.comment;
  const vmids = listOf(params.vms).map(Number);
  const storages = listOf(params.storage);
  if (flag(params.delete)) {
    pool.vmids = pool.vmids.filter((vmid) => !vmids.includes(vmid));
    pool.storages = pool.storages.filter((storeid) => !storages.includes(storeid));
    return ok(null);
  }
  for (const vmid of vmids) addVm(request, pool, vmid);
  for (const storeid of storages) addStorage(request, pool, storeid);
  return ok(null);
}

function deletePool(request: Request) {
  const pool = existingPool(request);
  if (pool.vmids.length > 0 || pool.storages.length > 0) {
    throw new HttpError(500, `delete pool failed: pool '${pool.poolid}' is not empty`);
  }
  delete pools(request)[pool.poolid];
  return ok(null);
}

// Only pools the caller may audit are listed (pve-access-control API2/Pool.pm).
function listPools(request: Request) {
  const view = request.state.accessView();
  const authid = authidOf(request.auth);
  const wanted = request.params.poolid;
  const visible = Object.values(pools(request)).filter(
    (pool) =>
      (wanted === undefined || pool.poolid === wanted) &&
      privilegesAt(view, authid, `/pool/${pool.poolid}`).has('Pool.Audit'),
  );
  return ok(
    visible.map((pool) => ({
      poolid: pool.poolid,
      ...(pool.comment !== undefined ? { comment: pool.comment } : {}),
      ...(wanted !== undefined ? { members: members(request, pool, request.params.type) } : {}),
    })),
  );
}

export const poolRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/pools',
    handler: listPools,
  },
  {
    method: 'POST',
    path: '/pools',
    handler: createPool,
  },
  {
    method: 'PUT',
    path: '/pools',
    handler: updatePool,
  },
  {
    method: 'DELETE',
    path: '/pools',
    handler: deletePool,
  },
  {
    method: 'GET',
    path: '/pools/{poolid}',
    handler: (request) => {
      const pool = existingPool(request);
      return ok({
        members: members(request, pool, request.params.type),
        ...(pool.comment !== undefined ? { comment: pool.comment } : {}),
      });
    },
  },
  {
    method: 'PUT',
    path: '/pools/{poolid}',
    handler: updatePool,
  },
  {
    method: 'DELETE',
    path: '/pools/{poolid}',
    handler: deletePool,
  },
];
