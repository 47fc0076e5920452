import type { Dispatcher } from 'undici';
import type { TfaChallengeHandler } from '../auth/tfa.js';
import type { TicketAuthOptions } from '../auth/ticket-options.js';
import type { TokenAuthOptions } from '../auth/token.js';
import type { LogLevel, ProxmoxLogger } from '../log/logger.js';
import type { TlsOptions } from '../transport/agent.js';
import type { FetchLike } from '../transport/send.js';
import type { Clock } from './clock.js';

export type AuthOptions = TokenAuthOptions | TicketAuthOptions;
export type { TfaChallengeHandler };

/** Milliseconds for one try and for the whole call, retries and their waits included. */
export interface TimeoutOptions {
  readonly attempt?: number;
  readonly overall?: number;
}

/** Capped exponential backoff with jitter between tries. */
export interface RetryOptions {
  /** Tries after the first; 0 turns retrying off. */
  readonly retries?: number;
  /** The wait before the first retry, doubled for each further one (ms). */
  readonly baseDelay?: number;
  /** No wait is longer than this (ms). */
  readonly maxDelay?: number;
}

export interface ProxmoxClientOptions {
  /** Host name or IP of a node, optionally with `:port`, or a full URL like `https://pve1:8006`. */
  readonly host?: string;
  /** The node's URL, `https://pve1:8006`; `/api2/json` is appended. */
  readonly baseUrl?: string;
  /** Defaults to 8006, where pveproxy listens. */
  readonly port?: number;
  readonly auth?: AuthOptions;
  readonly tls?: TlsOptions;
  /** A number sets the per-attempt timeout; an object sets attempt and overall apart. */
  readonly timeout?: number | TimeoutOptions;
  /** A number sets `retries`; `false` turns retrying off. */
  readonly retry?: number | false | RetryOptions;
  /** Receives log records; nothing is logged without one. */
  readonly logger?: ProxmoxLogger;
  /** Lowest level passed to the logger; `info` by default. */
  readonly logLevel?: LogLevel;
  /** A fetch-compatible function to send through instead of the client's own undici Agent. */
  readonly fetch?: FetchLike;
  /** An undici Dispatcher to send through (its own TLS settings apply). */
  readonly dispatcher?: Dispatcher;
  readonly clock?: Clock;
  /**
   * Check parameters of typed calls against the schema before sending, reporting problems as a
   * server-side 400 would. Off by default; a call's `validate` option overrides it.
   */
  readonly validate?: boolean;
}

/** Options of one call. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  readonly timeout?: number | TimeoutOptions;
}

export const CLIENT_OPTION_KEYS: readonly (keyof ProxmoxClientOptions)[] = [
  'host',
  'baseUrl',
  'port',
  'auth',
  'tls',
  'timeout',
  'retry',
  'logger',
  'logLevel',
  'fetch',
  'dispatcher',
  'clock',
  'validate',
];
