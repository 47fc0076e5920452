import { ProxmoxError } from './base.js';

/**
 * Why a connection failed. `refused`, `dns`, `unreachable` and `connect-timeout` happen before a
 * byte of the request is sent; `certificate` too, but it fails the same way every time.
 */
export type ConnectionFailure =
  | 'refused'
  | 'dns'
  | 'unreachable'
  | 'connect-timeout'
  | 'certificate'
  | 'reset'
  | 'other';

/** The request could not be exchanged with the server: no HTTP answer came back. */
export class ProxmoxConnectionError extends ProxmoxError {
  readonly method: string;
  readonly path: string;
  readonly failure: ConnectionFailure;
  /** True when the request provably never reached the server, so sending it again is safe. */
  readonly unsent: boolean;

  constructor(
    details: { method: string; path: string; failure: ConnectionFailure; detail: string },
    cause: unknown,
  ) {
    super('connection', `${details.method} ${details.path}: ${details.detail}`, { cause });
    this.method = details.method;
    this.path = details.path;
    this.failure = details.failure;
    this.unsent = UNSENT_FAILURES.has(details.failure);
  }
}

const UNSENT_FAILURES: ReadonlySet<ConnectionFailure> = new Set([
  'refused',
  'dns',
  'unreachable',
  'connect-timeout',
  'certificate',
]);

/** A timeout ran out: `attempt` for one try, `overall` for the whole call including retries. */
export class ProxmoxTimeoutError extends ProxmoxError {
  readonly method: string;
  readonly path: string;
  readonly scope: 'attempt' | 'overall';
  readonly timeoutMs: number;

  constructor(
    details: { method: string; path: string; scope: 'attempt' | 'overall'; timeoutMs: number },
    cause?: unknown,
  ) {
    const what = details.scope === 'attempt' ? 'attempt timeout' : 'overall timeout';
    super(
      'timeout',
      `${details.method} ${details.path}: no answer within the ${what} of ${details.timeoutMs} ms` +
        ' (raise it with the `timeout` option)',
      { cause },
    );
    this.method = details.method;
    this.path = details.path;
    this.scope = details.scope;
    this.timeoutMs = details.timeoutMs;
  }
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. */
export class ProxmoxAbortError extends ProxmoxError {
  readonly method: string;
  readonly path: string;

  constructor(details: { method: string; path: string }, cause: unknown) {
    super('aborted', `${details.method} ${details.path}: aborted by the caller`, { cause });
    this.method = details.method;
    this.path = details.path;
  }
}

/** A 2xx answer that is not the `{"data": …}` JSON envelope of /api2/json. */
export class ProxmoxResponseError extends ProxmoxError {
  constructor(method: string, path: string, detail: string) {
    super('invalid_response', `${method} ${path}: ${detail}`);
  }
}
