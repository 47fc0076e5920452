import type { Authentication } from '../auth/authenticate.js';
import type { PermissionSpec } from '../auth/permissions-check.js';
import type { HttpMethod } from './match.js';
import type { Params } from './params.js';
import type { ParamRules } from './validate.js';

/** What a handler returns: `data` plus envelope extras such as `total`. */
export interface HandlerResult {
  readonly data: unknown;
  readonly extras?: Readonly<Record<string, unknown>>;
}

export interface HandlerRequest<State> {
  readonly params: Params;
  readonly auth: Authentication;
  readonly state: State;
}

export type Handler<State> = (
  request: HandlerRequest<State>,
) => HandlerResult | Promise<HandlerResult>;

/** One row of the route table: the facts the schema has, plus the code that answers. */
export interface Route<State> {
  readonly method: HttpMethod;
  /** Path template below `/api2/json`, e.g. `/access/users/{userid}/token/{tokenid}`. */
  readonly path: string;
  /** False on the five endpoints that refuse API tokens. */
  readonly allowtoken: boolean;
  /** The schema's `permissions`; absent means root@pam only, as in Proxmox. */
  readonly permissions?: PermissionSpec;
  /** Every parameter the endpoint takes, path ones included; others are refused with 400. */
  readonly params: ParamRules;
  /**
   * The rules list only the parameters the simulator reads; the endpoint takes many more
   * (guest configs), which pass unchecked.
   * Limitation: until the schema-driven validation lands, unknown or malformed keys of such
   * endpoints reach the cluster model instead of failing with Proxmox's 400.
   */
  readonly openParams?: boolean;
  readonly handler: Handler<State>;
}

export function ok(data: unknown, extras?: Record<string, unknown>): HandlerResult {
  return extras === undefined ? { data } : { data, extras };
}
