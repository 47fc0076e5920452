import { randomInt } from 'node:crypto';
import type { Agent } from 'undici';
import { createApi } from '../api/index.js';
import type { Api, CallOptions, RouteKey } from '../api/types.js';
import type { Authenticator } from '../auth/authenticator.js';
import { type TicketCredentials, TicketSession } from '../auth/ticket.js';
import type { TicketAuthOptions } from '../auth/ticket-options.js';
import { TokenAuthenticator, type TokenAuthOptions } from '../auth/token.js';
import { ProxmoxAuthenticationError } from '../errors/http.js';
import { ProxmoxOptionsError } from '../errors/usage.js';
import type { Routes } from '../generated/routes.gen.js';
import { Log } from '../log/logger.js';
import { Redactor } from '../log/redact.js';
import { Tasks } from '../tasks/tasks.js';
import { createAgent } from '../transport/agent.js';
import { dispatchThrough } from '../transport/dispatch.js';
import type { ProxmoxEnvelope } from '../transport/envelope.js';
import { encodeParams, type Params } from '../transport/params.js';
import { resolvePath } from '../transport/path.js';
import type { FetchLike } from '../transport/send.js';
import { CallScope } from './call-scope.js';
import { systemClock } from './clock.js';
import type { ProxmoxClientOptions, RequestOptions } from './options.js';
import { type LoopDeps, runRequest, type WireRequest } from './request-loop.js';
import {
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  isTokenAuth,
  resolveRetry,
  resolveTimeouts,
  type Timeouts,
  validateOptions,
} from './validate.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE'];
/** Request ids are eight hex digits. */
const REQUEST_IDS = 2 ** 32;

/** A client for one Proxmox VE node (or cluster entry point) over `/api2/json`. */
export class ProxmoxClient {
  /** The API root, e.g. `https://pve1:8006/api2/json`. */
  readonly baseUrl: string;
  /** Worker tasks: status, wait, log, list, stop. */
  readonly tasks: Tasks;
  readonly #deps: LoopDeps;
  readonly #timeouts: Timeouts;
  readonly #agent: Agent | undefined;
  readonly #auth: Authenticator | undefined;
  readonly #session: TicketSession | undefined;
  readonly #api: Api;
  // A counter, not a random id per call: it ties the attempts of one call together in logs at
  // no cost. It starts at random so that two clients writing to one log rarely share ids.
  #nextRequestId = randomInt(REQUEST_IDS);

  constructor(options: ProxmoxClientOptions) {
    this.baseUrl = validateOptions(options).href;
    const redactor = new Redactor();
    const log = new Log(options.logger, options.logLevel ?? 'info', redactor);
    const clock = options.clock ?? systemClock;
    this.#timeouts = resolveTimeouts(options.timeout ?? {}, DEFAULT_TIMEOUTS);
    this.#agent = options.fetch || options.dispatcher ? undefined : createAgent(options.tls ?? {});
    const fetch: FetchLike =
      options.fetch ?? dispatchThrough(options.dispatcher ?? (this.#agent as Agent));
    const retry = options.retry === undefined ? DEFAULT_RETRY : resolveRetry(options.retry);
    this.#deps = { baseUrl: this.baseUrl, fetch, clock, retry, log, redactor };
    this.tasks = new Tasks(this, clock);

    const auth = options.auth;
    if (auth !== undefined && isTokenAuth(auth)) {
      this.#auth = new TokenAuthenticator(auth as TokenAuthOptions, redactor);
    } else if (auth !== undefined) {
      const post = (params: Record<string, string>, headers: Record<string, string>) =>
        this.#send('POST', '/access/ticket', params, headers);
      this.#session = new TicketSession(auth as TicketAuthOptions, {
        post,
        now: () => clock.now(),
        redactor,
      });
      this.#auth = this.#session;
    }
    this.#api = createApi(
      (method, path, params, callOptions) =>
        this.request(method, path, params as Params, callOptions),
      { validate: options.validate ?? false },
    );
    if (options.tls?.insecure === true) {
      log.warn('TLS certificate verification is off (tls.insecure); pin tls.fingerprint instead');
    }
  }

  /** The current ticket, CSRF token and username, for caching; undefined before login. */
  get credentials(): TicketCredentials | undefined {
    return this.#session?.credentials;
  }

  /** Logs in now instead of on the first request (ticket auth only). */
  login(): Promise<TicketCredentials> {
    if (this.#session === undefined) {
      const hint = 'pass auth { username, password } to log in with a ticket';
      return Promise.reject(new ProxmoxOptionsError(`login() needs ticket auth; ${hint}`));
    }
    return this.#session.login();
  }

  get<T = unknown>(path: string, params?: Params, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, params, options);
  }

  post<T = unknown>(path: string, params?: Params, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, params, options);
  }

  put<T = unknown>(path: string, params?: Params, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, params, options);
  }

  delete<T = unknown>(path: string, params?: Params, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, params, options);
  }

  /** The typed API: `api.call(route, params)` and the fluent paths below. */
  get api(): Api {
    return this.#api;
  }

  get access(): Api['access'] {
    return this.#api.access;
  }

  get cluster(): Api['cluster'] {
    return this.#api.cluster;
  }

  get nodes(): Api['nodes'] {
    return this.#api.nodes;
  }

  get pools(): Api['pools'] {
    return this.#api.pools;
  }

  get storage(): Api['storage'] {
    return this.#api.storage;
  }

  get version(): Api['version'] {
    return this.#api.version;
  }

  /**
   * A typed call by route, `request('GET /nodes/{node}/qemu/{vmid}/config', { node, vmid })`,
   * or an untyped one by method and path, `request('GET', '/nodes/{node}/qemu', { node })`;
   * in both, `{name}` placeholders in the path are filled from the parameters.
   */
  request<K extends RouteKey>(
    route: K,
    ...args: [...Routes[K]['args'], options?: CallOptions]
  ): Promise<Routes[K]['result']>;
  request<T = unknown>(
    method: HttpMethod,
    path: string,
    params?: Params,
    options?: RequestOptions,
  ): Promise<T>;
  async request(first: string, ...rest: unknown[]): Promise<unknown> {
    if (first.includes(' ')) {
      // The overload above has already typed the arguments against the route.
      const call = this.#api.call as (route: string, ...args: unknown[]) => Promise<unknown>;
      return call(first, ...rest);
    }
    const [path, params, options] = rest as [string, Params?, RequestOptions?];
    return (await this.requestEnvelope(first as HttpMethod, path, params, options)).data;
  }

  /** Like `request`, but returns the envelope: `total` is kept where the server sends it. */
  async requestEnvelope<T = unknown>(
    method: HttpMethod,
    path: string,
    params: Params = {},
    options: RequestOptions = {},
  ): Promise<ProxmoxEnvelope<T>> {
    const request = prepareRequest(method, path, params);
    const timeouts =
      options.timeout === undefined
        ? this.#timeouts
        : resolveTimeouts(options.timeout, this.#timeouts);
    const scope = new CallScope(request, options.signal, timeouts, this.#deps.clock);
    const requestId = this.#requestId();
    try {
      const stopped = scope.stopped();
      if (stopped !== undefined) throw stopped;
      return await this.#authorized<T>(request, scope, requestId);
    } finally {
      scope.dispose();
    }
  }

  /** Releases the client's connections. An injected fetch or dispatcher is left to its owner. */
  async close(): Promise<void> {
    await this.#agent?.close();
  }

  #requestId(): string {
    const id = this.#nextRequestId;
    this.#nextRequestId = (id + 1) % REQUEST_IDS;
    return id.toString(16).padStart(8, '0');
  }

  async #authorized<T>(request: WireRequest, scope: CallScope, requestId: string) {
    const auth = this.#auth;
    const exchange = { deps: this.#deps, request, scope, requestId };
    if (auth === undefined) return runRequest<T>({ ...exchange, headers: {} });

    const headers = await guard(scope, auth.headers(request.method, scope.signal));
    try {
      return await runRequest<T>({ ...exchange, headers });
    } catch (error) {
      if (!(error instanceof ProxmoxAuthenticationError)) throw error;
      // An expired or revoked ticket: log in again once; only a GET is safe to send twice.
      const recovered = await guard(scope, auth.recover(headers, scope.signal));
      if (!recovered || request.method !== 'GET') throw error;
      this.#deps.log.info(`${request.method} ${request.path} replayed after a new login`, {
        requestId,
      });
      const fresh = await guard(scope, auth.headers(request.method, scope.signal));
      return runRequest<T>({ ...exchange, headers: fresh });
    }
  }

  // Login and renewal run in a scope of their own: one caller's abort must not fail the
  // login that other callers share.
  async #send(method: HttpMethod, path: string, params: Params, headers: Record<string, string>) {
    const request = prepareRequest(method, path, params);
    const scope = new CallScope(request, undefined, this.#timeouts, this.#deps.clock);
    const requestId = this.#requestId();
    try {
      const envelope = await runRequest({ deps: this.#deps, request, headers, scope, requestId });
      return envelope.data;
    } finally {
      scope.dispose();
    }
  }
}

function prepareRequest(method: string, path: string, params: Params): WireRequest {
  if (!METHODS.includes(method)) {
    throw new ProxmoxOptionsError(`method '${method}' is not one of ${METHODS.join(', ')}`);
  }
  const resolved = resolvePath(path, params);
  const encoded = encodeParams(resolved.rest);
  // pve-http-server reads GET and DELETE parameters from the query only, and refuses a body.
  const inBody = method === 'POST' || method === 'PUT';
  return {
    method,
    path: resolved.path,
    query: inBody ? '' : encoded,
    body: inBody && encoded !== '' ? encoded : undefined,
    params: resolved.rest,
  };
}

async function guard<T>(scope: CallScope, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw scope.stopped() ?? error;
  }
}
