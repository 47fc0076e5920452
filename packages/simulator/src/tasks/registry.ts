/**
 * The worker tasks of the simulated cluster: started by handlers, run by a body that logs and
 * may warn or fail, finished through an injectable clock, read back as the tasks API shows them.
 * Lifecycle after `fork_worker` in
 * https://github.com/proxmox/pve-common/blob/master/src/PVE/RESTEnvironment.pm
 */
import { SimulatorError } from '../errors.js';
import { systemClock, type TaskClock } from './clock.js';
import { exitStatusOf, type LogPage, type LogWindow, pageLog } from './task-log.js';
import { encodeUpid, type UpidFields } from './upid.js';

/** What a task body can do while it runs. */
export interface WorkerContext {
  readonly upid: string;
  /** Aborted when the task is stopped. */
  readonly signal: AbortSignal;
  /** Appends to the task log; a text with newlines becomes several lines (one may end it). */
  log(text: string): void;
  /** Logs `WARN: text`; the task then ends with `TASK WARNINGS: N`. */
  warn(text: string): void;
  /** Waits on the task clock; rejects with the interrupt error when the task is stopped. */
  sleep(ms: number): Promise<void>;
}

/** Throw (or reject) to fail the task; the message becomes its exit status. */
export type WorkerBody = (context: WorkerContext) => void | Promise<void>;

export interface StartTask {
  readonly node: string;
  readonly type: string;
  /** What the task works on (a vmid, a storage); empty when absent. */
  readonly id?: string;
  /** The userid or token id that starts it. */
  readonly authid: string;
  /** The least time the task runs, in milliseconds; 0 when absent. */
  readonly durationMs?: number;
  readonly body?: WorkerBody;
}

export interface TaskRecord extends UpidFields {
  readonly upid: string;
  readonly status: 'running' | 'stopped';
  /** Present once stopped. */
  readonly exitstatus?: string;
  /** Epoch seconds, present once stopped. */
  readonly endtime?: number;
  readonly log: readonly string[];
}

/** The message a stopped worker dies with (the SIGTERM handler of `fork_worker`). */
export const INTERRUPT_MESSAGE = 'received interrupt';

interface MutableTask {
  record: TaskRecord;
  readonly lines: string[];
  warnings: number;
  readonly abort: AbortController;
  readonly done: Promise<TaskRecord>;
  finish: (error: unknown) => void;
}

export interface TaskRegistryOptions {
  readonly clock?: TaskClock;
  /** The first worker pid handed out; later tasks count up from it. */
  readonly firstPid?: number;
}

export class TaskRegistry {
  readonly #clock: TaskClock;
  readonly #tasks = new Map<string, MutableTask>();
  #nextPid: number;

  constructor(options: TaskRegistryOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#nextPid = options.firstPid ?? 0x1000;
  }

  get clock(): TaskClock {
    return this.#clock;
  }

  /** Starts a worker and returns its UPID; the task runs until its body and duration are done. */
  start(spec: StartTask): string {
    const now = this.#clock.now();
    const fields: UpidFields = {
      node: spec.node,
      pid: this.#nextPid++,
      // Clock ticks since boot: the simulated node booted at the epoch, ticking 100 times a second.
      pstart: Math.floor(now / 10) % 0xfffffffff,
      starttime: Math.floor(now / 1000),
      type: spec.type,
      id: spec.id ?? '',
      user: spec.authid,
    };
    const upid = encodeUpid(fields);
    const task = this.#createTask({ ...fields, upid, status: 'running', log: [] });
    this.#tasks.set(upid, task);
    this.#run(task, spec);
    return upid;
  }

  /**
   * Puts tasks of an earlier run back (a state file). One that was still running when that
   * run ended lost its worker: it comes back stopped, as pvedaemon reports such a task.
   */
  restore(records: readonly TaskRecord[]): void {
    for (const saved of records) {
      const lines = [...saved.log];
      const record: TaskRecord =
        saved.status === 'running'
          ? { ...saved, status: 'stopped', exitstatus: 'unexpected status', log: lines }
          : { ...saved, log: lines };
      this.#tasks.set(record.upid, {
        record,
        lines,
        warnings: 0,
        abort: new AbortController(),
        done: Promise.resolve(record),
        finish: () => undefined,
      });
      this.#nextPid = Math.max(this.#nextPid, record.pid + 1);
    }
  }

  get(upid: string): TaskRecord | undefined {
    return this.#tasks.get(upid)?.record;
  }

  /** Every task, in the order they were started. */
  all(): TaskRecord[] {
    return [...this.#tasks.values()].map((task) => task.record);
  }

  /** A window of a task's log, or undefined for an unknown UPID. */
  readLog(upid: string, window?: LogWindow): LogPage | undefined {
    const task = this.#tasks.get(upid);
    return task === undefined ? undefined : pageLog(task.lines, window);
  }

  /** Resolves when the task has stopped. */
  whenDone(upid: string): Promise<TaskRecord> {
    const task = this.#tasks.get(upid);
    if (task === undefined) {
      return Promise.reject(
        new SimulatorError('NO_SUCH_TASK', `no task '${upid}': use a UPID returned by start()`),
      );
    }
    return task.done;
  }

  /**
   * Stops a running task as `DELETE /nodes/{node}/tasks/{upid}` does: it ends at once with
   * `TASK ERROR: received interrupt`. Stopping a finished task changes nothing. False for an
   * unknown UPID.
   */
  stop(upid: string): boolean {
    const task = this.#tasks.get(upid);
    if (task === undefined) return false;
    if (task.record.status === 'running') {
      task.abort.abort(new Error(INTERRUPT_MESSAGE));
      task.finish(new Error(INTERRUPT_MESSAGE));
    }
    return true;
  }

  #createTask(record: TaskRecord): MutableTask {
    let resolveDone: (record: TaskRecord) => void = () => {};
    const done = new Promise<TaskRecord>((resolve) => {
      resolveDone = resolve;
    });
    const task: MutableTask = {
      record,
      lines: [],
      warnings: 0,
      abort: new AbortController(),
      done,
      finish: (error) => {
        if (task.record.status !== 'running') return;
        task.lines.push(finalLine(error, task.warnings));
        task.record = {
          ...task.record,
          status: 'stopped',
          exitstatus: exitStatusOf(task.lines.at(-1)),
          endtime: Math.floor(this.#clock.now() / 1000),
          log: task.lines,
        };
        resolveDone(task.record);
      },
    };
    task.record = { ...record, log: task.lines };
    return task;
  }

  #run(task: MutableTask, spec: StartTask): void {
    const context = this.#context(task);
    const minimum = new Promise<void>((resolve) => {
      const cancel = this.#clock.schedule(spec.durationMs ?? 0, resolve);
      task.abort.signal.addEventListener('abort', cancel, { once: true });
    });
    const body = (async () => spec.body?.(context))();
    body.then(
      () => minimum.then(() => task.finish(undefined)),
      (error: unknown) => minimum.then(() => task.finish(error ?? 'died')),
    );
  }

  #context(task: MutableTask): WorkerContext {
    const running = () => task.record.status === 'running';
    return {
      upid: task.record.upid,
      signal: task.abort.signal,
      log: (text) => {
        if (running()) task.lines.push(...text.replace(/\n$/, '').split('\n'));
      },
      warn: (text) => {
        if (!running()) return;
        task.lines.push(...`WARN: ${text.replace(/\n$/, '')}`.split('\n'));
        task.warnings++;
      },
      sleep: (ms) => this.#sleep(task.abort.signal, ms),
    };
  }

  #sleep(signal: AbortSignal, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const cancel = this.#clock.schedule(ms, () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = () => {
        cancel();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

// As `fork_worker` ends the log: the error on one line, else the warning count, else OK.
function finalLine(error: unknown, warnings: number): string {
  if (error !== undefined) {
    const text = error instanceof Error ? error.message : String(error);
    const oneLine = text.replace(/\n+$/, '').replace(/\n/g, ' ');
    return `TASK ERROR: ${oneLine || 'died'}`;
  }
  return warnings > 0 ? `TASK WARNINGS: ${warnings}` : 'TASK OK';
}
