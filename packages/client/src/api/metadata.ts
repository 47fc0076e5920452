import { routeList } from '../generated/route-list.gen.js';
import type { EndpointSpec } from '../metadata/spec.js';

export type EndpointTable = Readonly<Record<string, EndpointSpec>>;

let loading: Promise<EndpointTable> | undefined;

/**
 * The endpoint metadata, imported on first use: it is large (every parameter of every
 * endpoint), and an application that makes no typed call should not pay for it.
 */
export function loadEndpoints(): Promise<EndpointTable> {
  loading ??= import('../generated/endpoints.gen.js').then((module) => module.endpoints);
  return loading;
}

/** The route keys, small and loaded with the module: they let a typo fail before any I/O. */
export const knownRoutes: ReadonlySet<string> = new Set(routeList);

export { routeList };
