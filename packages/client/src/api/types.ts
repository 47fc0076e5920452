import type { FluentRoot } from '../generated/fluent.gen.js';
import type { Routes } from '../generated/routes.gen.js';
import type { HttpMethod } from '../metadata/spec.js';

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

/** Passed through to the RequestFn untouched. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
}

export interface CallOptions extends RequestOptions {
  /** Check the parameters against the schema before sending (overrides the API default). */
  readonly validate?: boolean;
}

/** `'GET /nodes/{node}/qemu/{vmid}/config'` and the other 648. */
export type RouteKey = keyof Routes & string;

interface RouteEntry {
  readonly params: object;
  readonly result: unknown;
}

/** Parameters are optional exactly when none of them is required. */
export type ParamsArgs<P> =
  // biome-ignore lint/complexity/noBannedTypes: `{}` is the "no keys required" probe
  {} extends P ? [params?: P, options?: CallOptions] : [params: P, options?: CallOptions];

/** What the route form takes: the path parameters and the others in one object. */
export type RouteParams<R extends RouteKey> = Routes[R]['args'][0];

export type RouteResult<R extends RouteKey> = Routes[R]['result'];

/** A verb at the end of a fluent chain: the path parameters are already bound. */
export type Verb<E extends RouteEntry> = (...args: ParamsArgs<E['params']>) => Promise<E['result']>;

/** The route form: `call('GET /nodes/{node}/qemu/{vmid}/config', { node, vmid })`. */
export type Call = <R extends RouteKey>(
  route: R,
  ...args: [...Routes[R]['args'], options?: CallOptions]
) => Promise<RouteResult<R>>;

/** Both forms: `api.call(route, params)` and `api.nodes.node('pve1').qemu.vm(100)…`. */
export interface Api extends FluentRoot {
  readonly call: Call;
}
