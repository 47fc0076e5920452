import type { Params } from '../transport/params.js';
import type { TaskLogLine } from './types.js';
import type { Upid } from './upid.js';

/** Lines asked for per log read; a long log takes several. */
export const LOG_PAGE = 500;

export type LogReader = (
  params: Params,
) => Promise<{ readonly data: TaskLogLine[] | null; readonly total?: number }>;

/**
 * Where reading a task log stands: each read starts after the last line seen, so a followed
 * log yields every line exactly once.
 */
export class LogCursor {
  #next = 0;
  readonly #upid: Upid;
  readonly #read: LogReader;

  constructor(upid: Upid, read: LogReader) {
    this.#upid = upid;
    this.#read = read;
  }

  /** Yields the lines written since the last call; `stopped` says the log is complete. */
  async *drain(stopped: boolean): AsyncGenerator<TaskLogLine> {
    for (;;) {
      const { node, upid } = this.#upid;
      const page = await this.#read({ node, upid, start: this.#next, limit: LOG_PAGE });
      const lines = page.data ?? [];
      // An empty log reads as one `no content` line (pve-common Tools.pm dump_logfile); while
      // the task runs that is no line of its own, and its real first line is still to come.
      if (!stopped && this.#next === 0 && isEmptyLog(lines, page.total)) return;

      for (const line of lines) {
        yield line;
        this.#next = line.n;
      }
      if (lines.length < LOG_PAGE) return;
    }
  }
}

function isEmptyLog(lines: readonly TaskLogLine[], total: number | undefined): boolean {
  return total === 1 && lines.length === 1 && lines[0]?.n === 1 && lines[0].t === 'no content';
}
