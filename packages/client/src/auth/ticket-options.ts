import { ProxmoxOptionsError } from '../errors/usage.js';
import type { TfaChallengeHandler } from './tfa.js';

/**
 * Ticket login: `username` with `password` (and the TFA answer where the user has one), or a
 * `ticket` with its `csrfToken` obtained earlier. Given both, the ticket is used first and the
 * password logs in again when the ticket is refused.
 */
export interface TicketAuthOptions {
  /** `user@realm`, or just `user` together with `realm`. */
  readonly username: string;
  readonly password?: string;
  readonly realm?: string;
  /** The TFA answer: a TOTP code like `'123456'`, or a prefixed answer like `'recovery:…'`. */
  readonly otp?: string;
  /** Asked for the TFA answer when the server wants one and `otp` is not given. */
  readonly onTfaChallenge?: TfaChallengeHandler;
  readonly ticket?: string;
  readonly csrfToken?: string;
}

/** The userid to log in as: `username`, with `@realm` appended where given apart. */
export function loginUserid(options: TicketAuthOptions): string {
  const { username, realm } = options;
  if (typeof username !== 'string' || username.trim() === '') {
    throw new ProxmoxOptionsError("auth.username is required, e.g. 'root@pam'");
  }
  const at = username.lastIndexOf('@');
  if (realm === undefined) {
    if (at < 1) {
      throw new ProxmoxOptionsError(
        `auth.username '${username}' misses the realm; write 'user@realm' (e.g. 'root@pam')` +
          ' or pass auth.realm',
      );
    }
    return username;
  }
  if (at >= 0 && username.slice(at + 1) !== realm) {
    throw new ProxmoxOptionsError(
      `auth.username '${username}' names a realm other than auth.realm '${realm}'; give one`,
    );
  }
  return at >= 0 ? username : `${username}@${realm}`;
}

/** Throws when the options hold neither a password nor a complete ticket. */
export function validateTicketOptions(options: TicketAuthOptions): void {
  loginUserid(options);
  const hasTicket = options.ticket !== undefined;
  if (hasTicket !== (options.csrfToken !== undefined)) {
    throw new ProxmoxOptionsError(
      'auth.ticket and auth.csrfToken belong together: pass both (as read from' +
        ' client.credentials) or neither',
    );
  }
  if (options.password === undefined && !hasTicket) {
    throw new ProxmoxOptionsError(
      'ticket auth needs auth.password, or auth.ticket with auth.csrfToken from an earlier login',
    );
  }
  if (options.onTfaChallenge !== undefined && typeof options.onTfaChallenge !== 'function') {
    throw new ProxmoxOptionsError('auth.onTfaChallenge must be a function returning the answer');
  }
}
