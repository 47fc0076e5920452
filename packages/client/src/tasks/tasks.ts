import type { ProxmoxClient } from '../client/client.js';
import type { Clock } from '../client/clock.js';
import { ProxmoxValidationError } from '../errors/http.js';
import { ProxmoxAbortError } from '../errors/transport.js';
import { ProxmoxOptionsError } from '../errors/usage.js';
import type { Params } from '../transport/params.js';
import { ProxmoxTaskError, ProxmoxTaskTimeoutError } from './errors.js';
import { LogCursor } from './log-cursor.js';
import type {
  TaskListEntry,
  TaskListFilters,
  TaskLogLine,
  TaskLogOptions,
  TaskResult,
  TaskStatus,
  TaskWaitOptions,
} from './types.js';
import { parseUpid, type Upid } from './upid.js';

/** The one client call the task room is built on. */
export type EnvelopeRequester = Pick<ProxmoxClient, 'requestEnvelope'>;

const STATUS_PATH = '/nodes/{node}/tasks/{upid}/status';
const LOG_PATH = '/nodes/{node}/tasks/{upid}/log';
const DEFAULT_POLL_MS = 1000;

// A UPID just returned by a call that was proxied to another node may not be known there yet:
// its status reads answer 400 for a moment. Within this window that is taken as "not yet".
export const STARTUP_GRACE_MS = 5000;

/** `client.tasks`: worker tasks (UPIDs) read, followed, awaited and stopped. */
export class Tasks {
  readonly #client: EnvelopeRequester;
  readonly #clock: Clock;

  constructor(client: EnvelopeRequester, clock: Clock) {
    this.#client = client;
    this.#clock = clock;
  }

  /** Where a task stands now. */
  async status(upid: string, options: { signal?: AbortSignal } = {}): Promise<TaskStatus> {
    const { node } = parseUpid(upid);
    const envelope = await this.#client.requestEnvelope<TaskStatus>(
      'GET',
      STATUS_PATH,
      { node, upid },
      signalOnly(options.signal),
    );
    return envelope.data;
  }

  /**
   * Polls until the task stops. Resolves for `OK` and `WARNINGS: N`; rejects with
   * `ProxmoxTaskError` for any other exit status.
   */
  async wait(upid: string, options: TaskWaitOptions = {}): Promise<TaskResult> {
    const parsed = parseUpid(upid);
    const interval = pollInterval(options.pollInterval);
    const timeout = options.timeout;
    if (timeout !== undefined && !(Number.isFinite(timeout) && timeout >= 0)) {
      throw new ProxmoxOptionsError(`timeout must be milliseconds >= 0, got ${timeout}`);
    }
    const started = this.#clock.now();
    const onLog = options.onLog;
    const cursor = onLog === undefined ? undefined : this.#cursor(parsed, options.signal);

    for (;;) {
      const status = await this.#statusSoon(parsed, started, interval, options.signal);
      const stopped = status.status === 'stopped';
      if (cursor !== undefined && onLog !== undefined) {
        for await (const line of cursor.drain(stopped)) onLog(line);
      }
      if (stopped) return settle(status);

      const waited = this.#clock.now() - started;
      if (timeout !== undefined && waited >= timeout) {
        throw new ProxmoxTaskTimeoutError(upid, timeout);
      }
      const pause = timeout === undefined ? interval : Math.min(interval, timeout - waited);
      await this.#pause(pause, parsed, options.signal);
    }
  }

  /** The task's log lines; with `follow`, new ones as they come until the task stopped. */
  async *log(upid: string, options: TaskLogOptions = {}): AsyncGenerator<TaskLogLine> {
    const parsed = parseUpid(upid);
    const interval = pollInterval(options.pollInterval);
    const cursor = this.#cursor(parsed, options.signal);
    if (options.follow !== true) {
      yield* cursor.drain(true);
      return;
    }

    const started = this.#clock.now();
    for (;;) {
      const status = await this.#statusSoon(parsed, started, interval, options.signal);
      const stopped = status.status === 'stopped';
      yield* cursor.drain(stopped);
      if (stopped) return;
      await this.#pause(interval, parsed, options.signal);
    }
  }

  /** A node's tasks, newest first, as `GET /nodes/{node}/tasks` filters them. */
  async list(
    node: string,
    filters: TaskListFilters = {},
    options: { signal?: AbortSignal } = {},
  ): Promise<TaskListEntry[]> {
    const params: Params = { ...filters, node };
    const envelope = await this.#client.requestEnvelope<TaskListEntry[]>(
      'GET',
      '/nodes/{node}/tasks',
      params,
      signalOnly(options.signal),
    );
    return envelope.data ?? [];
  }

  /** Asks the node to stop a running task (`DELETE /nodes/{node}/tasks/{upid}`). */
  async stop(upid: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    const { node } = parseUpid(upid);
    const path = '/nodes/{node}/tasks/{upid}';
    await this.#client.requestEnvelope('DELETE', path, { node, upid }, signalOnly(options.signal));
  }

  #cursor(parsed: Upid, signal: AbortSignal | undefined): LogCursor {
    return new LogCursor(parsed, (params) =>
      this.#client.requestEnvelope<TaskLogLine[] | null>(
        'GET',
        LOG_PATH,
        params,
        signalOnly(signal),
      ),
    );
  }

  async #statusSoon(
    parsed: Upid,
    started: number,
    interval: number,
    signal: AbortSignal | undefined,
  ): Promise<TaskStatus> {
    for (;;) {
      try {
        return await this.status(parsed.upid, signalOnly(signal));
      } catch (error) {
        const young = this.#clock.now() - started < STARTUP_GRACE_MS;
        if (!(error instanceof ProxmoxValidationError && young)) throw error;
      }
      await this.#pause(interval, parsed, signal);
    }
  }

  async #pause(ms: number, parsed: Upid, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.#clock.sleep(ms, signal);
    } catch (reason) {
      const path = `/nodes/${parsed.node}/tasks/${parsed.upid}/status`;
      throw new ProxmoxAbortError({ method: 'GET', path }, reason);
    }
  }
}

function settle(status: TaskStatus): TaskResult {
  const exitstatus = status.exitstatus ?? 'unexpected status';
  // Success as pve-common's PVE::Tools::upid_status_is_error decides it.
  const warnings = /^WARNINGS: (\d+)$/.exec(exitstatus)?.[1];
  if (exitstatus !== 'OK' && warnings === undefined) {
    throw new ProxmoxTaskError({
      upid: status.upid,
      node: status.node,
      type: status.type,
      exitstatus,
    });
  }
  return { ...status, status: 'stopped', exitstatus, warnings: Number(warnings ?? 0) };
}

function pollInterval(value: number | undefined): number {
  if (value === undefined) return DEFAULT_POLL_MS;
  if (!(Number.isFinite(value) && value > 0)) {
    throw new ProxmoxOptionsError(`pollInterval must be milliseconds > 0, got ${value}`);
  }
  return value;
}

function signalOnly(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}
