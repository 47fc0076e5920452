import {
  ProxmoxAuthenticationError,
  ProxmoxConnectionError,
  ProxmoxError,
  ProxmoxHttpError,
  ProxmoxTaskError,
  ProxmoxTfaRequiredError,
} from 'pvekit';

/** Exit codes: 0 success, 1 the API or a task failed, 2 the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The command line is wrong or incomplete; `hint` says how to fix it. */
export class CliUsageError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'CliUsageError';
    this.hint = hint;
  }
}

/** A failure that is not a usage error, with a hint for the reader. */
export class CliFailure extends Error {
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'CliFailure';
    this.hint = hint;
  }
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof CliUsageError) return EXIT_USAGE;
  // The client's own option and parameter checks are usage errors too: nothing was sent.
  if (error instanceof ProxmoxError && USAGE_CODES.has(error.code)) return EXIT_USAGE;
  return EXIT_FAILURE;
}

const USAGE_CODES = new Set([
  'invalid_options',
  'invalid_path',
  'invalid_parameter',
  'invalid_upid',
]);

/** One readable line for stderr, and a hint line where one helps. */
export function describeError(error: unknown): { message: string; hint: string | undefined } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof CliUsageError || error instanceof CliFailure) {
    return { message, hint: error.hint };
  }
  return { message: message.split('\n')[0] ?? message, hint: hintFor(error) };
}

function hintFor(error: unknown): string | undefined {
  if (error instanceof ProxmoxTfaRequiredError) {
    return 'pass the second factor with --otp, e.g. --otp 123456 or --otp recovery:<key>';
  }
  if (error instanceof ProxmoxAuthenticationError) {
    return 'check the token secret or password, or run `pvekit login` again';
  }
  if (error instanceof ProxmoxConnectionError && error.failure === 'certificate') {
    return 'pin the node with --fingerprint <sha256> or trust its CA with --ca <file>';
  }
  if (error instanceof ProxmoxConnectionError) return 'is --host/--url right and the node up?';
  if (error instanceof ProxmoxTaskError) return `read the log: pvekit task log ${error.upid}`;
  if (error instanceof ProxmoxHttpError && error.status === 501) {
    return 'no such API path or method; list what a path holds with `pvekit ls <path>`';
  }
  return undefined;
}
