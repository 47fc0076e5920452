/**
 * The simulator's own request and response shapes. Both the in-memory `fetch` and the
 * socket listeners translate to and from these, so a GET with a body (which a WHATWG
 * `Request` cannot even express) still reaches the app and gets Proxmox's 501.
 */
export interface SimRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** Undefined when the request carried no body at all. */
  readonly body: Uint8Array | undefined;
}

export interface SimResponse {
  readonly status: number;
  /** The reason phrase: the first line of the error message, as pveproxy sends it. */
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the app decided: answer, or (a `drop` fault) cut the connection without answering. */
export type SimOutcome =
  | { readonly kind: 'response'; readonly response: SimResponse }
  | { readonly kind: 'drop' };

/** One entry of `sim.requests`: what arrived, before any fault or auth decision. */
export interface RecordedRequest {
  readonly method: string;
  /** The URL path as sent, `/api2/json/...` included. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Simulator clock (epoch ms) when the request arrived. */
  readonly at: number;
}
