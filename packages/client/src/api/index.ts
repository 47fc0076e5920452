import { type ApiOptions, createInvoke } from './call.js';
import { createFluentRoot } from './fluent.js';
import type { Api, Call, RequestFn } from './types.js';

/**
 * The typed API over a RequestFn: `api.call('GET /nodes/{node}/qemu', { node: 'pve1' })` and
 * `api.nodes.node('pve1').qemu.get()` are the same call, with the same checks and decoding.
 */
export function createApi(request: RequestFn, options: ApiOptions = {}): Api {
  const invoke = createInvoke(request, options);
  const root = createFluentRoot(invoke);
  const call = ((route: string, params?: Readonly<Record<string, unknown>>, callOptions?: object) =>
    invoke(route, params, callOptions)) as Call;
  Object.defineProperty(root, 'call', { value: call, enumerable: true });
  return root as Api;
}

export type { PropertyFormatSpec } from '../formats/spec.js';
export type { FluentRoot } from '../generated/fluent.gen.js';
export type { Routes, Upid } from '../generated/routes.gen.js';
export type { EndpointSpec, IndexedParamSpec, ValueSpec } from '../metadata/spec.js';
export type { ApiOptions, ParameterValidator } from './call.js';
export { UnknownRouteError } from './errors.js';
export { camelCase, paramSegmentName, staticSegmentName } from './naming.js';
export type {
  Api,
  Call,
  CallOptions,
  ParamsArgs,
  RequestFn,
  RequestOptions,
  RouteKey,
  RouteParams,
  RouteResult,
  Verb,
} from './types.js';
