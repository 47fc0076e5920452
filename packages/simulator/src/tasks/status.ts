/**
 * One task as the tasks API shows it, and who may see or stop it. After
 * https://github.com/proxmox/pve-manager/blob/master/PVE/API2/Tasks.pm
 */
import { privilegesAt } from '../auth/permissions.js';
import type { PermissionVerdict } from '../auth/permissions-check.js';
import { splitTokenId } from '../auth/permissions-path.js';
import type { AccessView } from '../auth/permissions-view.js';
import type { TaskRecord } from './registry.js';
import { decodeUpid, type UpidFields } from './upid.js';

/** The owner of a task, with a token task split into its user and token name. */
export interface TaskOwner {
  readonly user: string;
  readonly tokenid?: string;
}

/** `GET /nodes/{node}/tasks/{upid}/status`. */
export interface TaskStatus extends UpidFields, TaskOwner {
  readonly upid: string;
  readonly status: 'running' | 'stopped';
  readonly exitstatus?: string;
}

export function taskStatus(task: TaskRecord): TaskStatus {
  const status: TaskStatus = {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    ...ownerOf(task.user),
    status: task.status,
  };
  return task.exitstatus === undefined ? status : { ...status, exitstatus: task.exitstatus };
}

/**
 * Whether `authid` owns the task: a token owns only its own tasks, a user its own and its
 * tokens'. Others need a privilege on `/nodes/<node>`: Sys.Audit to read, Sys.Modify to stop.
 */
export function ownsTask(authid: string, taskUser: string): boolean {
  if (authid === taskUser) return true;
  return splitTokenId(taskUser)?.userid === authid;
}

/** The 400 messages of the task endpoints, keyed by the `upid` parameter. */
export const UPID_ERRORS = {
  unparsable: 'unable to parse worker upid',
  unknown: 'no such task',
} as const;

/** Which of the two 400s an unknown UPID gets. */
export function upidError(upid: string): string {
  return decodeUpid(upid) === undefined ? UPID_ERRORS.unparsable : UPID_ERRORS.unknown;
}

export function ownerOf(user: string): TaskOwner {
  const token = splitTokenId(user);
  return token === undefined ? { user } : { user: token.userid, tokenid: token.token };
}

/** Sys.Audit on the node lets a caller see every task there. */
export function isNodeAuditor(view: AccessView, authid: string, node: string): boolean {
  return privilegesAt(view, authid, `/nodes/${node}`).has('Sys.Audit');
}

/**
 * The check of the status, log and stop endpoints: owners pass, anyone else needs `privilege`
 * (Sys.Audit to read, Sys.Modify to stop) on the node named in the request path.
 */
export function taskAccess(
  view: AccessView,
  authid: string,
  node: string,
  task: Pick<TaskRecord, 'user'>,
  privilege: 'Sys.Audit' | 'Sys.Modify',
): PermissionVerdict {
  if (ownsTask(authid, task.user)) return { allowed: true };
  if (privilegesAt(view, authid, `/nodes/${node}`).has(privilege)) return { allowed: true };
  return {
    allowed: false,
    status: 403,
    message: `Permission check failed (/nodes/${node}, ${privilege})`,
  };
}
