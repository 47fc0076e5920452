import type { Upid } from './upid.js';

/** `GET /nodes/{node}/tasks/{upid}/status`: the UPID's fields and where the task stands. */
export interface TaskStatus extends Omit<Upid, 'upid' | 'tokenid'> {
  readonly upid: string;
  readonly tokenid?: string;
  readonly status: 'running' | 'stopped';
  /** Present once stopped: `OK`, `WARNINGS: N`, or the error text. */
  readonly exitstatus?: string;
}

/** A task that ended well: `OK`, or `WARNINGS: N` with N in `warnings`. */
export interface TaskResult extends TaskStatus {
  readonly status: 'stopped';
  readonly exitstatus: string;
  readonly warnings: number;
}

/** One line of a task log; `n` counts from 1. */
export interface TaskLogLine {
  readonly n: number;
  readonly t: string;
}

export interface TaskWaitOptions {
  readonly signal?: AbortSignal;
  /** Milliseconds between status reads; 1000 by default. */
  readonly pollInterval?: number;
  /** Gives up after this many milliseconds (the task goes on); no limit by default. */
  readonly timeout?: number;
  /** Receives each new log line while waiting, in order, the final `TASK …` line included. */
  readonly onLog?: (line: TaskLogLine) => void;
}

export interface TaskLogOptions {
  /** Keeps reading until the task has stopped and every line was read. */
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
  /** Milliseconds between reads while following; 1000 by default. */
  readonly pollInterval?: number;
}

/** Filters of `GET /nodes/{node}/tasks`, as Proxmox names them. */
export interface TaskListFilters {
  readonly start?: number;
  readonly limit?: number;
  /** Epoch seconds. */
  readonly since?: number;
  readonly until?: number;
  readonly typefilter?: string;
  readonly userfilter?: string;
  readonly vmid?: number;
  /** Only tasks that failed. */
  readonly errors?: boolean;
  readonly source?: 'archive' | 'active' | 'all';
  /** Comma list of `ok`, `warning`, `error`, `unknown`. */
  readonly statusfilter?: string;
}

/** One task of a node's task list. */
export interface TaskListEntry {
  readonly upid: string;
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  readonly starttime: number;
  readonly type: string;
  readonly id: string;
  readonly user: string;
  readonly endtime?: number;
  /** The exit status once stopped; absent while running. */
  readonly status?: string;
}
