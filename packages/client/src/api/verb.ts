/**
 * The verb type the generated fluent interfaces use, kept free of generated imports so a
 * module generated for another Proxmox version can use it too.
 */

/** Passed through to the RequestFn untouched. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
}

export interface CallOptions extends RequestOptions {
  /** Check the parameters against the schema before sending (overrides the API default). */
  readonly validate?: boolean;
}

interface RouteEntry {
  readonly params: object;
  readonly result: unknown;
}

/** Parameters are optional exactly when none of them is required. */
export type ParamsArgs<P> =
  // biome-ignore lint/complexity/noBannedTypes: `{}` is the "no keys required" probe
  {} extends P ? [params?: P, options?: CallOptions] : [params: P, options?: CallOptions];

/** A verb at the end of a fluent chain: the path parameters are already bound. */
export type Verb<E extends RouteEntry> = (...args: ParamsArgs<E['params']>) => Promise<E['result']>;
