import type { RequestOptions } from '../client/options.js';
import type { Routes } from '../generated/routes.gen.js';
import type { HttpMethod } from '../metadata/spec.js';
import type { CallFor } from './verb.js';

export type { Api } from '../generated/fluent.gen.js';
export type { CallFor, CallOptions, ParamsArgs, Verb } from './verb.js';

/**
 * The one thing the typed API needs from a client: send a request for a concrete path
 * (`/nodes/pve1/qemu/100/config`) with wire-ready parameters, and resolve to the `data` of
 * the answer. `ProxmoxClient` provides it; a test may write its own over `fetch`.
 */
export type RequestFn = (
  method: HttpMethod,
  path: string,
  params?: Readonly<Record<string, unknown>>,
  options?: RequestOptions,
) => Promise<unknown>;

/** `'GET /nodes/{node}/qemu/{vmid}/config'` and the other 648. */
export type RouteKey = keyof Routes & string;

/** What the route form takes: the path parameters and the others in one object. */
export type RouteParams<R extends RouteKey> = Routes[R]['args'][0];

export type RouteResult<R extends RouteKey> = Routes[R]['result'];

/** The route form: `call('GET /nodes/{node}/qemu/{vmid}/config', { node, vmid })`. */
export type Call = CallFor<Routes>;
