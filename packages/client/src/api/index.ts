import { type ApiOptions, createInvoke } from './call.js';
import { createFluentRoot } from './fluent.js';
import { bundledMetadata } from './metadata.js';
import type { Api, Call, RequestFn } from './types.js';

/**
 * The typed API over a RequestFn: `api.call('GET /nodes/{node}/qemu', { node: 'pve1' })` and
 * `api.nodes.node('pve1').qemu.get()` are the same call, with the same checks and decoding.
 * With `options.metadata` from `pvekit codegen`, name that output's `Api` type as `A`.
 */
export function createApi<A extends object = Api>(request: RequestFn, options: ApiOptions = {}): A {
  const invoke = createInvoke(request, options);
  const root = createFluentRoot(invoke, (options.metadata ?? bundledMetadata).routeList);
  const call = ((route: string, params?: Readonly<Record<string, unknown>>, callOptions?: object) =>
    invoke(route, params, callOptions)) as Call;
  Object.defineProperty(root, 'call', { value: call, enumerable: true });
  return root as A;
}

export type {
  PropertyAliasSpec,
  PropertyEntrySpec,
  PropertyFormatSpec,
  PropertyKeySpec,
} from '../formats/spec.js';
export type { FluentRoot } from '../generated/fluent.gen.js';
export type { Routes, Upid } from '../generated/routes.gen.js';
export type { EndpointSpec, IndexedParamSpec, ValueSpec, ValueType } from '../metadata/spec.js';
export type { ApiOptions, ParameterValidator } from './call.js';
export { UnknownRouteError } from './errors.js';
export { type ApiMetadata, bundledMetadata, type EndpointTable } from './metadata.js';
export {
  camelCase,
  isVerbName,
  paramOfSegment,
  paramSegmentName,
  staticSegmentName,
} from './naming.js';
export type {
  Api,
  Call,
  CallFor,
  CallOptions,
  ParamsArgs,
  RequestFn,
  RouteKey,
  RouteParams,
  RouteResult,
  Verb,
} from './types.js';
