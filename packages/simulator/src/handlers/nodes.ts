import type { Authentication } from '../auth/authenticate.js';
import { privilegesAt } from '../auth/permissions.js';
import { ok, type Route } from '../router/route.js';
import { param } from '../router/validate.js';
import { nodeList, nodeNetwork, nodeStatus, nodeStorages } from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import { stringParam } from './params.js';

const NODE = param.string({ format: 'pve-node' });

function callerOf(auth: Authentication): string | null {
  if (auth.kind === 'token') return auth.tokenid;
  return auth.kind === 'ticket' ? auth.userid : null;
}

// Without Sys.Audit on a node a caller still sees it listed, but not its figures
// (pve-manager API2/Nodes.pm, `extract_node_stats` with `exclude_stats`).
const ALWAYS_SHOWN = new Set(['node', 'id', 'type', 'status', 'level', 'ssl_fingerprint']);

async function listNodes(state: SimulatorState, auth: Authentication) {
  const fingerprint = await state.fingerprint();
  const view = state.accessView();
  const caller = callerOf(auth);
  return nodeList(state.cluster).map((entry) => {
    // Limitation: every node presents the same certificate, so they share one fingerprint.
    const full = { ...entry, ssl_fingerprint: fingerprint };
    const audit =
      caller !== null && privilegesAt(view, caller, `/nodes/${entry.node}`).has('Sys.Audit');
    return audit
      ? full
      : Object.fromEntries(Object.entries(full).filter(([key]) => ALWAYS_SHOWN.has(key)));
  });
}

const NETWORK_TYPES = [
  'bridge',
  'bond',
  'eth',
  'alias',
  'vlan',
  'fabric',
  'OVSBridge',
  'OVSBond',
  'OVSPort',
  'OVSIntPort',
  'vnet',
  'any_bridge',
  'any_local_bridge',
  'include_sdn',
];

export const nodeRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/nodes',
    allowtoken: true,
    permissions: { user: 'all' },
    params: {},
    handler: async ({ state, auth }) => ok(await listNodes(state, auth)),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/status',
    allowtoken: true,
    permissions: { check: ['perm', '/nodes/{node}', ['Sys.Audit']] },
    params: { node: NODE },
    handler: ({ state, params }) => ok(nodeStatus(state.cluster, String(params.node))),
  },
  {
    // Limitation: the `type` filter knows only plain bridges (`bridge`, `any_bridge`) and NICs.
    method: 'GET',
    path: '/nodes/{node}/network',
    allowtoken: true,
    permissions: { user: 'all' },
    params: { node: NODE, type: param.string({ optional: true, enum: NETWORK_TYPES }) },
    handler: ({ state, params }) => {
      const type = stringParam(params, 'type');
      const wanted = type === 'any_bridge' || type === 'any_local_bridge' ? 'bridge' : type;
      const interfaces = nodeNetwork(state.cluster, String(params.node));
      return ok(
        wanted === undefined ? interfaces : interfaces.filter((nic) => nic.type === wanted),
      );
    },
  },
  {
    // Limitation: storages are not filtered by the caller's Datastore privileges, and only
    // `storage` and `content` narrow the list.
    method: 'GET',
    path: '/nodes/{node}/storage',
    allowtoken: true,
    permissions: { user: 'all' },
    params: {
      node: NODE,
      content: param.string({ optional: true, format: 'pve-storage-content-list' }),
      enabled: param.boolean({ optional: true }),
      format: param.boolean({ optional: true }),
      storage: param.string({ optional: true, format: 'pve-storage-id' }),
      target: param.string({ optional: true, format: 'pve-node' }),
    },
    handler: ({ state, params }) => {
      const storage = stringParam(params, 'storage');
      const content = stringParam(params, 'content')?.split(/[\s,;]+/) ?? [];
      const storages = nodeStorages(state.cluster, String(params.node)).filter(
        (entry) =>
          (storage === undefined || entry.storage === storage) &&
          content.every((kind) => String(entry.content).split(',').includes(kind)),
      );
      return ok(storages);
    },
  },
];
