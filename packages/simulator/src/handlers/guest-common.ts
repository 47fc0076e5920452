import type { Authentication } from '../auth/authenticate.js';
import { privilegesAt } from '../auth/permissions.js';
import { HttpError } from '../router/http-error.js';
import type { Params } from '../router/params.js';
import type { HandlerRequest } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import type { WorkerBody } from '../tasks/registry.js';

export type Request = HandlerRequest<SimulatorState>;

export function authidOf(auth: Authentication): string {
  if (auth.kind === 'token') return auth.tokenid;
  if (auth.kind === 'ticket') return auth.userid;
  throw new HttpError(401, 'No ticket', { emptyBody: true });
}

/** A privilege check a handler makes itself, worded as `raise_perm_exc` words it. */
export function requirePrivilege(request: Request, path: string, privilege: string): void {
  const held = privilegesAt(request.state.accessView(), authidOf(request.auth), path);
  if (!held.has(privilege))
    throw new HttpError(403, `Permission check failed (${path}, ${privilege})`);
}

/** Starts a worker as the caller and answers its UPID, as every task-starting endpoint does. */
export function startWorker(request: Request, type: string, id: string, body: WorkerBody): string {
  const { state } = request;
  const upid = state.tasks.start({
    node: String(request.params.node),
    type,
    id,
    authid: authidOf(request.auth),
    body,
  });
  // What the worker changed is saved when it ends. Limitation: a failed save after a task
  // goes unreported; the next change writes the whole state again.
  state.tasks
    .whenDone(upid)
    .then(() => state.persist())
    .catch(() => undefined);
  return upid;
}

/** Config keys as the cluster model takes them: every value a string. */
export function configValues(params: Params, skip: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (skip.includes(key) || value === undefined) continue;
    values[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  }
  return values;
}

export function listOf(value: unknown): string[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value.map(String) : String(value).split(/[\s,;\0]+/);
  return items.filter((item) => item !== '');
}

export function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}
