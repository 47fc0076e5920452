import type { Authentication } from '../auth/authenticate.js';
import { privilegesAt } from '../auth/permissions.js';
import { ok, type Route } from '../router/route.js';
import { nodeList, nodeNetwork, nodeStatus, nodeStorages } from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import { stringParam } from './params.js';

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

export const nodeRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/nodes',
    handler: async ({ state, auth }) => ok(await listNodes(state, auth)),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/status',
    handler: ({ state, params }) => ok(nodeStatus(state.cluster, String(params.node))),
  },
  {
    // Limitation: the `type` filter knows only plain bridges (`bridge`, `any_bridge`) and NICs.
    method: 'GET',
    path: '/nodes/{node}/network',
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
    // Only storages the caller may audit or allocate on are listed (Storage/Status.pm).
    // Limitation: every simulated storage is enabled, active and present on every node, so
    // `enabled` and `target` narrow nothing; `format` adds no format list.
    method: 'GET',
    path: '/nodes/{node}/storage',
    handler: ({ state, params, auth }) => {
      const storage = stringParam(params, 'storage');
      const content = stringParam(params, 'content')?.split(/[\s,;]+/) ?? [];
      const view = state.accessView();
      const caller = callerOf(auth) ?? '';
      const mayUse = (storeid: unknown) => {
        const held = privilegesAt(view, caller, `/storage/${String(storeid)}`);
        return held.has('Datastore.Audit') || held.has('Datastore.AllocateSpace');
      };
      const storages = nodeStorages(state.cluster, String(params.node)).filter(
        (entry) =>
          (storage === undefined || entry.storage === storage) &&
          content.every((kind) => String(entry.content).split(',').includes(kind)) &&
          mayUse(entry.storage),
      );
      return ok(storages);
    },
  },
];
