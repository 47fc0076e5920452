import type { RequestOptions } from '../client/options.js';

/**
 * The types the generated modules build on, kept free of generated imports so modules
 * generated for another Proxmox version (`pvekit codegen`) can use them too.
 */

/** The client's own per-call options (signal, timeout), plus client-side validation. */
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

interface RouteMapEntry {
  readonly args: readonly unknown[];
  readonly result: unknown;
}

/**
 * The route form over one generated `Routes`: the argument tuple is spelled out per route, so
 * a call resolves by an indexed access, not by a conditional type over every route.
 */
export type CallFor<R extends { readonly [K in keyof R]: RouteMapEntry }> = <
  K extends keyof R & string,
>(
  route: K,
  ...args: [...R[K]['args'], options?: CallOptions]
) => Promise<R[K]['result']>;
