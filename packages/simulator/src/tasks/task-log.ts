/**
 * Task logs as the API pages them, and the exit status their last line encodes.
 * `dump_logfile` in https://github.com/proxmox/pve-common/blob/master/src/PVE/Tools.pm and
 * `upid_read_status` / `upid_normalize_status_type` in .../src/PVE/UPID.pm.
 */

export interface LogLine {
  /** 1-based line number. */
  readonly n: number;
  readonly t: string;
}

export interface LogPage {
  /** The number of lines in the whole log (the response's `total`). */
  readonly total: number;
  readonly lines: LogLine[];
}

export interface LogWindow {
  /** Lines to skip; 0 when absent. */
  readonly start?: number;
  /** Lines to return; 50 when absent, 0 for all the rest. */
  readonly limit?: number;
}

/**
 * A window of the log. Past the end it is empty but `total` still counts every line; an empty
 * log reads as one `no content` line, whatever the window.
 */
export function pageLog(log: readonly string[], window: LogWindow = {}): LogPage {
  const start = window.start ?? 0;
  const limit = window.limit ?? 50;
  if (log.length === 0) return { total: 1, lines: [{ n: 1, t: 'no content' }] };

  const end = limit === 0 ? log.length : Math.min(log.length, start + limit);
  const lines: LogLine[] = [];
  for (let index = start; index < end; index++) {
    lines.push({ n: index + 1, t: log[index] ?? '' });
  }
  return { total: log.length, lines };
}

/** The exit status a finished task's last log line encodes (`OK`, `WARNINGS: N`, error text). */
export function exitStatusOf(lastLine: string | undefined): string {
  if (lastLine === undefined) return 'unable to read tail (got 0 bytes)';
  if (lastLine === 'TASK OK') return 'OK';
  const error = /^TASK ERROR: (.+)$/.exec(lastLine);
  if (error?.[1] !== undefined) return error[1];
  const warnings = /^TASK (WARNINGS: \d+)$/.exec(lastLine);
  if (warnings?.[1] !== undefined) return warnings[1];
  return 'unexpected status';
}

/** The class of a status as `statusfilter` names them. */
export type TaskStatusType = 'ok' | 'warning' | 'error' | 'unknown';

export function statusType(status: string | undefined): TaskStatusType {
  if (!status || status === 'unexpected status') return 'unknown';
  if (status === 'OK') return 'ok';
  if (/^WARNINGS: \d+$/.test(status)) return 'warning';
  return 'error';
}

/** Whether a finished task failed: anything but `OK` and `WARNINGS: N`. */
export function isTaskError(exitstatus: string): boolean {
  const type = statusType(exitstatus);
  return type === 'error' || type === 'unknown';
}

/** `GET …/log?download=1`: the whole log as a text file, named as Proxmox names it. */
export function logDownload(task: {
  readonly node: string;
  readonly type: string;
  readonly starttime: number;
  readonly log: readonly string[];
}): { filename: string; text: string } {
  const started = new Date(task.starttime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const text = task.log.map((line) => `${line}\n`).join('');
  return { filename: `task-${task.node}-${task.type}-${started}.log`, text };
}
