/**
 * `GET /nodes/{node}/tasks`: the task list of one node with its filters and visibility, after
 * `node_tasks` in https://github.com/proxmox/pve-manager/blob/master/PVE/API2/Tasks.pm
 */
import { splitList } from '../auth/permissions-path.js';
import type { AccessView } from '../auth/permissions-view.js';
import type { TaskRecord } from './registry.js';
import { isNodeAuditor, ownerOf, type TaskOwner } from './status.js';
import { statusType, type TaskStatusType } from './task-log.js';
import type { UpidFields } from './upid.js';

/** The parameters of `GET /nodes/{node}/tasks`, already validated. */
export interface TaskListQuery {
  readonly node: string;
  readonly start?: number;
  /** 50 when absent; 0 lists nothing (but `total` still counts). */
  readonly limit?: number;
  /** Case-insensitive substring of the task's user. */
  readonly userfilter?: string;
  readonly typefilter?: string;
  readonly vmid?: number | string;
  /** Only failed tasks; `statusfilter` is then ignored. */
  readonly errors?: boolean;
  /** `archive` (finished, the default), `active` (running) or `all`. */
  readonly source?: 'archive' | 'active' | 'all';
  /** Epoch seconds; inclusive bounds on the start time. */
  readonly since?: number;
  readonly until?: number;
  /** A list of `ok`, `warning`, `error`, `unknown`. */
  readonly statusfilter?: string;
}

export interface TaskListItem extends UpidFields, TaskOwner {
  readonly upid: string;
  readonly endtime?: number;
  /** The exit status of a finished task, `RUNNING` for an active one. */
  readonly status?: string;
}

export interface TaskList {
  /** Every task passing the filters, before `start` and `limit`. */
  readonly total: number;
  readonly data: TaskListItem[];
}

/** Who asks: a caller sees their own tasks, or all of them with Sys.Audit on the node. */
export interface TaskViewer {
  readonly view: AccessView;
  readonly authid: string;
}

// Limitation: a task moves to the archive the moment it stops, and the archive never rotates.
// Proxmox archives finished tasks a few seconds later and keeps two index files, so a real node
// briefly lists a finished task under `active` and eventually forgets old ones; here neither
// happens.
export function listTasks(
  tasks: Iterable<TaskRecord>,
  query: TaskListQuery,
  viewer: TaskViewer,
): TaskList {
  const onNode = [...tasks].filter((task) => task.node === query.node);
  const source = query.source ?? 'archive';
  const passes = taskFilter(query, viewer);
  let remaining = query.limit ?? 50;
  let skip = query.start ?? 0;
  let total = 0;
  const data: TaskListItem[] = [];

  const consider = (item: TaskListItem, shown: TaskListItem) => {
    if (!passes(item)) return;
    total++;
    if (skip > 0) skip--;
    else if (remaining > 0) {
      data.push(shown);
      remaining--;
    }
  };

  if (source !== 'archive') {
    for (const task of newestFirst(onNode.filter((t) => t.status === 'running'))) {
      const item = activeItem(task);
      consider(item, { ...item, status: 'RUNNING' });
    }
  }
  if (source !== 'active') {
    for (const task of newestFirst(onNode.filter((t) => t.status === 'stopped'))) {
      const item = archivedItem(task);
      consider(item, item);
    }
  }
  return { total, data };
}

function taskFilter(query: TaskListQuery, viewer: TaskViewer): (item: TaskListItem) => boolean {
  const auditor = isNodeAuditor(viewer.view, viewer.authid, query.node);
  const wanted = wantedStatusTypes(query);
  const userfilter = query.userfilter?.toLowerCase();
  const vmid = query.vmid === undefined ? undefined : String(query.vmid);

  return (item) => {
    if (userfilter && !item.user.toLowerCase().includes(userfilter)) return false;
    if (!auditor && !visibleTo(viewer.authid, item)) return false;
    if (query.typefilter && item.type !== query.typefilter) return false;
    if (vmid && vmid !== '0' && item.id !== vmid) return false;
    if (query.since !== undefined && item.starttime < query.since) return false;
    if (query.until !== undefined && item.starttime > query.until) return false;
    return wanted.has(statusType(item.status));
  };
}

// A token sees its own tasks; a user sees its own and its tokens'.
function visibleTo(authid: string, item: TaskListItem): boolean {
  if (item.tokenid === undefined) return authid === item.user;
  return authid === `${item.user}!${item.tokenid}` || authid === item.user;
}

function wantedStatusTypes(query: TaskListQuery): Set<TaskStatusType> {
  if (query.errors) return new Set(['warning', 'error', 'unknown']);
  if (query.statusfilter === undefined) return new Set(['ok', 'warning', 'error', 'unknown']);
  const named = splitList(query.statusfilter).map((name) => name.toLowerCase());
  return new Set(named.filter(isStatusType));
}

function isStatusType(name: string): name is TaskStatusType {
  return name === 'ok' || name === 'warning' || name === 'error' || name === 'unknown';
}

// Proxmox reads the task index backwards, so the most recently finished task comes first.
function newestFirst(tasks: TaskRecord[]): TaskRecord[] {
  return tasks
    .map((task, order) => ({ task, order }))
    .sort(
      (a, b) =>
        (b.task.endtime ?? 0) - (a.task.endtime ?? 0) ||
        b.task.starttime - a.task.starttime ||
        b.order - a.order,
    )
    .map(({ task }) => task);
}

function upidFieldsOf(task: TaskRecord): UpidFields & { upid: string } {
  const { upid, node, pid, pstart, starttime, type, id, user } = task;
  return { upid, node, pid, pstart, starttime, type, id, user };
}

function archivedItem(task: TaskRecord): TaskListItem {
  const item: TaskListItem = { ...upidFieldsOf(task), ...ownerOf(task.user) };
  if (task.endtime === undefined || task.exitstatus === undefined) return item;
  return { ...item, endtime: task.endtime, status: task.exitstatus };
}

// Proxmox does not split token ids of running tasks, so `user` keeps the full token id and only
// the token itself (or an auditor) sees them: their owner does not until they finish.
function activeItem(task: TaskRecord): TaskListItem {
  return upidFieldsOf(task);
}
