import type { Authentication } from '../auth/authenticate.js';
import { HttpError, parameterError } from '../router/http-error.js';
import { type HandlerRequest, ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { listTasks, type TaskListQuery } from '../tasks/list.js';
import type { TaskRecord } from '../tasks/registry.js';
import { taskAccess, taskStatus, upidError } from '../tasks/status.js';
import { booleanParam, integerParam, stringParam } from './params.js';

type Request = HandlerRequest<SimulatorState>;

function callerOf(auth: Authentication): string {
  if (auth.kind === 'token') return auth.tokenid;
  if (auth.kind === 'ticket') return auth.userid;
  throw new HttpError(401, 'No ticket', { emptyBody: true });
}

// A UPID that does not parse, or names no task on this node, is a 400 on `upid`.
function findTask({ state, params }: Request): TaskRecord {
  const upid = String(params.upid);
  const task = state.tasks.get(upid);
  if (task === undefined || task.node !== params.node) {
    throw parameterError({ upid: upidError(upid) });
  }
  return task;
}

function accessibleTask(request: Request, privilege: 'Sys.Audit' | 'Sys.Modify'): TaskRecord {
  const task = findTask(request);
  const view = request.state.accessView();
  const verdict = taskAccess(
    view,
    callerOf(request.auth),
    String(request.params.node),
    task,
    privilege,
  );
  if (!verdict.allowed) throw new HttpError(verdict.status, verdict.message);
  return task;
}

function listQuery(params: Record<string, unknown>): TaskListQuery {
  const defined = <T>(name: string, value: T | undefined) =>
    value === undefined ? {} : { [name]: value };
  return {
    node: String(params.node),
    ...defined('start', integerParam(params, 'start')),
    ...defined('limit', integerParam(params, 'limit')),
    ...defined('userfilter', stringParam(params, 'userfilter')),
    ...defined('typefilter', stringParam(params, 'typefilter')),
    ...defined('vmid', integerParam(params, 'vmid')),
    ...defined('errors', booleanParam(params, 'errors')),
    ...defined('source', stringParam(params, 'source') as TaskListQuery['source']),
    ...defined('since', integerParam(params, 'since')),
    ...defined('until', integerParam(params, 'until')),
    ...defined('statusfilter', stringParam(params, 'statusfilter')),
  };
}

export const taskRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/tasks',
    handler: ({ state, params, auth }) => {
      const viewer = { view: state.accessView(), authid: callerOf(auth) };
      const list = listTasks(state.tasks.all(), listQuery(params), viewer);
      return ok(list.data, { total: list.total });
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}',
    handler: (request) => {
      accessibleTask(request, 'Sys.Audit');
      return ok([{ name: 'log' }, { name: 'status' }]);
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/status',
    handler: (request) => ok(taskStatus(accessibleTask(request, 'Sys.Audit'))),
  },
  {
    // Limitation: `download=1` (the log as a file) is refused; page through the log instead.
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/log',
    handler: (request) => {
      const task = accessibleTask(request, 'Sys.Audit');
      if (booleanParam(request.params, 'download') === true) {
        throw new HttpError(501, 'task log download is not simulated');
      }
      const start = integerParam(request.params, 'start');
      const limit = integerParam(request.params, 'limit');
      const page = request.state.tasks.readLog(task.upid, {
        ...(start !== undefined ? { start } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      return ok(page?.lines ?? [], { total: page?.total ?? 0 });
    },
  },
  {
    method: 'DELETE',
    path: '/nodes/{node}/tasks/{upid}',
    handler: (request) => {
      const task = accessibleTask(request, 'Sys.Modify');
      request.state.tasks.stop(task.upid);
      return ok(null);
    },
  },
];
