import type { HttpError } from '../router/http-error.js';
import { parameterError } from '../router/http-error.js';

const TASK_STATUS_PATH = /^\/nodes\/[^/]+\/tasks\/([^/]+)\/status$/;

/** The request fields a held task is recognised by. */
interface StatusRead {
  readonly method: string;
  readonly apiPath: string;
}

/**
 * Tasks whose status a `upid` fault holds back: UPID → status reads still to refuse. pveproxy
 * answers `no such task` while the worker's task file is not there yet.
 */
export class HeldTasks {
  readonly #reads = new Map<string, number>();

  clear(): void {
    this.#reads.clear();
  }

  hold(upid: string, reads: number): void {
    this.#reads.set(upid, reads);
  }

  /** The 400 for a held task's status read, counting the read. */
  refusal(target: StatusRead): HttpError | undefined {
    if (target.method !== 'GET') return undefined;
    const encoded = TASK_STATUS_PATH.exec(target.apiPath)?.[1];
    if (encoded === undefined) return undefined;
    const upid = decodeURIComponent(encoded);
    const left = this.#reads.get(upid);
    if (left === undefined) return undefined;
    if (left <= 1) this.#reads.delete(upid);
    else this.#reads.set(upid, left - 1);
    return parameterError({ upid: 'no such task' });
  }
}
