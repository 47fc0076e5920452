import { type Authentication, authenticate } from '../auth/authenticate.js';
import { presentedCredentials } from '../auth/credentials.js';
import { checkPermission, type PermissionSpec } from '../auth/permissions-check.js';
import { planFaults } from '../faults/apply.js';
import type { FaultSwitchboard } from '../faults/faults.js';
import { HttpError, notImplemented, notSimulated } from '../router/http-error.js';
import { isHttpMethod } from '../router/match.js';
import { bodyParams, mergeParams, queryParams } from '../router/params.js';
import type { HandlerResult } from '../router/route.js';
import type { RouteTable } from '../router/table.js';
import { checkParameters } from '../router/validate.js';
import { SimulatorError as ClusterError } from '../state/cluster/errors.js';
import { nowSeconds, type SimulatorState } from '../state/state.js';
import { errorResponse, jsonResponse } from './responses.js';
import type { Sleeper } from './sleeper.js';
import type { RecordedRequest, SimOutcome, SimRequest } from './wire.js';

export interface AppDependencies {
  readonly state: SimulatorState;
  readonly routes: RouteTable<SimulatorState>;
  readonly faults: FaultSwitchboard;
  readonly requests: RecordedRequest[];
  readonly sleeper: Sleeper;
  readonly authFailureDelayMs: number;
}

const API_PREFIX = /^\/api2\/([^/]+)(\/.*)?$/;

// The request log keeps the most recent entries only, so a long-running `pvekit sim` does not
// grow without bound; tests see far fewer requests than this.
const REQUEST_LOG_LIMIT = 10_000;

function record(deps: AppDependencies, request: SimRequest): void {
  // `shift` and not `splice`: V8 drops the first element of a large array without moving
  // the rest, where `splice(0, 1)` copied all 10,000 entries on every request.
  while (deps.requests.length >= REQUEST_LOG_LIMIT) deps.requests.shift();
  deps.requests.push({
    method: request.method,
    path: request.url.pathname,
    query: Object.fromEntries(request.url.searchParams),
    headers: Object.fromEntries(request.headers),
    at: deps.state.clock(),
  });
}

// Refusals made before any handler runs carry no body, as pve-http-server's `error()` sends.
function framingError(status: number, message: string): HttpError {
  return new HttpError(status, message, { emptyBody: true });
}

/** The API path below `/api2/json`, or a 501 for anything else. */
function apiPathOf(url: URL): string {
  const match = API_PREFIX.exec(url.pathname);
  // Limitation: only the `json` format is served; extjs, html and the others answer 501.
  if (match === null || match[1] !== 'json') throw framingError(501, 'no such uri');
  return match[2] ?? '/';
}

/** The identity permission checks see: the userid, the full token id, or nobody. */
function authid(auth: Authentication): string | null {
  if (auth.kind === 'token') return auth.tokenid;
  return auth.kind === 'ticket' ? auth.userid : null;
}

function tokenRefused(auth: Authentication): boolean {
  return auth.kind === 'token' || (auth.kind === 'anonymous' && auth.apiToken);
}

async function dispatch(deps: AppDependencies, request: SimRequest): Promise<HandlerResult> {
  const method = request.method.toUpperCase();
  const apiPath = apiPathOf(request.url);
  if (!isHttpMethod(method)) throw framingError(501, `method '${method}' not available`);

  const context = {
    users: deps.state.users,
    keys: deps.state.keys,
    nowSeconds: nowSeconds(deps.state),
  };
  const auth = await authenticate(context, method, apiPath, presentedCredentials(request.headers));

  const hasBody = request.body !== undefined && request.body.byteLength > 0;
  if (hasBody && method !== 'POST' && method !== 'PUT') {
    throw framingError(501, `Unexpected content for method '${method}'`);
  }
  const body = bodyParams(request.headers.get('content-type'), request.body, apiPath);

  const match = deps.routes.find(method, apiPath);
  if (match === undefined) throw notImplemented(method, apiPath);
  const { spec, handler } = match.endpoint;
  if (!spec.allowtoken && tokenRefused(auth)) {
    // The closing parenthesis lands on a second line, so the status line has none.
    const what = `URI '${apiPath}' not available with API token, need proper ticket.`;
    throw new HttpError(403, `Permission check failed (${what}\n)`);
  }

  // pve-manager HTTPServer.pm `rest_handler`: permissions see the merged parameters before
  // RESTHandler.pm `handle` normalises and validates them.
  const params = mergeParams(body, queryParams(request.url), match.pathParams);
  const view = deps.state.accessView();
  const permissions = spec.permissions as PermissionSpec | undefined;
  const verdict = checkPermission(view, authid(auth), permissions, params);
  if (!verdict.allowed) throw new HttpError(verdict.status, verdict.message);
  const checked = checkParameters(spec, params);
  if (handler === undefined) throw notSimulated(method, spec.path);
  return handler({ params: checked, auth, state: deps.state, endpoint: spec });
}

function asHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ClusterError) {
    return new HttpError(
      error.status,
      error.message,
      error.errors ? { errors: { ...error.errors } } : {},
    );
  }
  // A plain `die` in a Proxmox handler becomes a 500 with its message.
  return new HttpError(500, error instanceof Error ? error.message : String(error));
}

/** The simulator as a function: one request in, one outcome out. */
export function createApp(deps: AppDependencies): (request: SimRequest) => Promise<SimOutcome> {
  return async (request) => {
    record(deps, request);
    const apiPath = API_PREFIX.exec(request.url.pathname)?.[2] ?? request.url.pathname;
    const target = { method: request.method.toUpperCase(), apiPath, urlPath: request.url.pathname };
    const faults = planFaults(deps.faults, request, target);
    if (!(await deps.sleeper.sleep(faults.delayMs)) || faults.drop) return { kind: 'drop' };
    const now = () => new Date(deps.state.clock());
    if (faults.error !== undefined) {
      return { kind: 'response', response: errorResponse(now(), faults.error) };
    }

    try {
      const result = await dispatch(deps, request);
      // A change is acknowledged only once it is saved (when the simulator keeps a state file).
      if (request.method.toUpperCase() !== 'GET') await deps.state.persist();
      const payload = faults.shape({ data: result.data ?? null, ...result.extras });
      return { kind: 'response', response: jsonResponse(now(), payload) };
    } catch (thrown) {
      const error = asHttpError(thrown);
      // pveproxy slows down every 401 to make password guessing expensive.
      const authDelayMs =
        error.status === 401 ? deps.authFailureDelayMs + faults.unauthorizedDelayMs() : 0;
      if (!(await deps.sleeper.sleep(authDelayMs))) {
        return { kind: 'drop' };
      }
      return { kind: 'response', response: errorResponse(now(), error) };
    }
  };
}
