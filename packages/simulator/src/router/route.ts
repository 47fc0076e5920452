import type { EndpointSpec } from 'pvekit/metadata';
import type { Authentication } from '../auth/authenticate.js';
import type { HttpMethod } from './match.js';
import type { Params } from './params.js';

/** What a handler returns: `data` plus envelope extras such as `total`. */
export interface HandlerResult {
  readonly data: unknown;
  readonly extras?: Readonly<Record<string, unknown>>;
}

export interface HandlerRequest<State> {
  /** Merged, normalised and validated against the endpoint's schema. */
  readonly params: Params;
  readonly auth: Authentication;
  readonly state: State;
  /** The schema's facts about the endpoint being answered. */
  readonly endpoint: EndpointSpec;
}

export type Handler<State> = (
  request: HandlerRequest<State>,
) => HandlerResult | Promise<HandlerResult>;

/**
 * The code that answers one endpoint of the schema, attached by method and path template
 * (together the route key, `PUT /nodes/{node}/qemu/{vmid}/config`). Everything else the
 * router knows about the endpoint (parameters, permissions, allowtoken) comes from the
 * generated metadata.
 */
export interface Route<State> {
  readonly method: HttpMethod;
  /** Path template below `/api2/json`, exactly as the schema spells it. */
  readonly path: string;
  readonly handler: Handler<State>;
}

/** `'GET /version'`: the method and the path template, the key of the metadata table. */
export function routeKey(route: { readonly method: string; readonly path: string }): string {
  return `${route.method} ${route.path}`;
}

export function ok(data: unknown, extras?: Record<string, unknown>): HandlerResult {
  return extras === undefined ? { data } : { data, extras };
}
