import { ProxmoxError } from '../errors/base.js';

/** A string that is not a UPID as Proxmox writes them. */
export class ProxmoxUpidError extends ProxmoxError {
  readonly upid: string;

  constructor(upid: string, detail: string) {
    super(
      'invalid_upid',
      `'${upid}' is not a UPID: ${detail}; expected` +
        " 'UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:' as a task-starting call" +
        ' returns it',
    );
    this.upid = upid;
  }
}

export interface TaskFailure {
  readonly upid: string;
  readonly node: string;
  readonly type: string;
  /** The server's exit status: the error text of the task's last log line. */
  readonly exitstatus: string;
}

/** A worker task stopped with an exit status other than `OK` or `WARNINGS: N`. */
export class ProxmoxTaskError extends ProxmoxError {
  readonly upid: string;
  readonly node: string;
  readonly type: string;
  readonly exitstatus: string;

  constructor(failure: TaskFailure) {
    super('task_failed', `task ${failure.type} on ${failure.node} failed: ${failure.exitstatus}`);
    this.upid = failure.upid;
    this.node = failure.node;
    this.type = failure.type;
    this.exitstatus = failure.exitstatus;
  }
}

/** `tasks.wait` gave up: the task was still running when its `timeout` ran out. */
export class ProxmoxTaskTimeoutError extends ProxmoxError {
  readonly upid: string;
  readonly timeoutMs: number;

  constructor(upid: string, timeoutMs: number) {
    super(
      'task_timeout',
      `task ${upid} still running after ${timeoutMs} ms; it goes on on the node` +
        ' (wait longer with the `timeout` option, or stop it)',
    );
    this.upid = upid;
    this.timeoutMs = timeoutMs;
  }
}
