import { ProxmoxError } from './base.js';

export interface ProxmoxHttpErrorDetails {
  readonly status: number;
  readonly method: string;
  /** The API path without its query string: a query could carry a ticket. */
  readonly path: string;
  /** What the server said: the HTTP reason phrase, or the body's `message` when that is empty. */
  readonly serverMessage: string;
  /** Per-parameter messages of a 400 "Parameter verification failed." */
  readonly errors?: Readonly<Record<string, string>>;
}

/** The server answered with a status other than 2xx. */
export class ProxmoxHttpError extends ProxmoxError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly serverMessage: string;
  readonly errors: Readonly<Record<string, string>> | undefined;

  constructor(details: ProxmoxHttpErrorDetails, code = 'http') {
    super(code, describe(details));
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.serverMessage = details.serverMessage;
    this.errors = details.errors;
  }
}

function describe(details: ProxmoxHttpErrorDetails): string {
  const head = `${details.method} ${details.path}: ${details.status} ${details.serverMessage}`;
  const errors = Object.entries(details.errors ?? {});
  if (errors.length === 0) return head;
  return `${head} (${errors.map(([name, message]) => `${name}: ${message}`).join('; ')})`;
}

/** 400: a parameter was refused; `errors` names each one and says why. */
export class ProxmoxValidationError extends ProxmoxHttpError {
  constructor(details: ProxmoxHttpErrorDetails) {
    super(details, 'validation');
  }
}

/** 401: no credentials, wrong or expired credentials, a missing CSRF token, or a wrong TFA code. */
export class ProxmoxAuthenticationError extends ProxmoxHttpError {
  constructor(details: ProxmoxHttpErrorDetails) {
    super(details, 'authentication');
  }
}

/** 403: authenticated, but the user or token lacks a privilege on the path. */
export class ProxmoxPermissionError extends ProxmoxHttpError {
  constructor(details: ProxmoxHttpErrorDetails) {
    super(details, 'permission');
  }
}

/** The thing asked for does not exist (Proxmox says so with a 500, e.g. a missing guest). */
export class ProxmoxNotFoundError extends ProxmoxHttpError {
  constructor(details: ProxmoxHttpErrorDetails, code = 'not_found') {
    super(details, code);
  }
}

/** 501: the server has no such path or method (Proxmox answers unknown paths with 501, not 404). */
export class ProxmoxNotImplementedError extends ProxmoxNotFoundError {
  constructor(details: ProxmoxHttpErrorDetails) {
    super(details, 'not_implemented');
  }
}

/**
 * 502–504, and 595–599 which pveproxy passes on when it cannot reach the node or daemon it
 * forwards to: the target is unreachable for now.
 */
export class ProxmoxUnavailableError extends ProxmoxHttpError {
  constructor(details: ProxmoxHttpErrorDetails) {
    super(details, 'unavailable');
  }
}
