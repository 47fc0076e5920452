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

/**
 * What the typed API runs on: the route keys, small and loaded with the module (they shape
 * the fluent surface and let a typo fail before any I/O), and the endpoint table, on demand.
 * `pvekit codegen` writes both for other Proxmox versions.
 */
export interface ApiMetadata {
  readonly routeList: readonly string[];
  readonly loadEndpoints: () => Promise<EndpointTable>;
}

/** The Proxmox VE version this package was generated from. */
export const bundledMetadata: ApiMetadata = { routeList, loadEndpoints };
