import { timingSafeEqual } from 'node:crypto';
import { HttpError } from '../router/http-error.js';
import { UPLOAD_PATH } from '../router/multipart.js';
import { notExpired, type UserStore, userActive } from '../state/users.js';
import { type PresentedCredentials, splitApiToken } from './credentials.js';
import { verifyCsrfToken } from './csrf.js';
import type { AuthKeys } from './keys.js';
import { verifyTicket } from './ticket.js';

/** Who the request acts as, once the auth handler let it through. */
export type Authentication =
  | { readonly kind: 'anonymous'; readonly apiToken: boolean }
  | { readonly kind: 'ticket'; readonly userid: string }
  | {
      readonly kind: 'token';
      readonly userid: string;
      /** `user@realm!tokenid`: the identity permission checks and UPIDs use. */
      readonly tokenid: string;
    };

export interface AuthContext {
  readonly users: UserStore;
  readonly keys: () => Promise<AuthKeys>;
  readonly nowSeconds: number;
}

// pve-manager HTTPServer.pm `auth_handler`: these answer without any credentials.
function needsAuthentication(method: string, apiPath: string): boolean {
  if (apiPath === '/access/domains' && method === 'GET') return false;
  if (apiPath === '/access/ticket' && (method === 'GET' || method === 'POST')) return false;
  return true;
}

// The auth handler's refusals are 401 with the reason in the status line and no body.
function refuse(message: string): HttpError {
  return new HttpError(401, message, { emptyBody: true });
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authenticateToken(context: AuthContext, value: string): Authentication {
  const parts = splitApiToken(value);
  const user = parts === undefined ? undefined : context.users.get(parts.userid);
  if (parts === undefined || !userActive(user, context.nowSeconds)) {
    throw refuse('Authentication failed!');
  }
  const token = user.tokens.get(parts.tokenid);
  const valid =
    token !== undefined &&
    notExpired(token.expire, context.nowSeconds) &&
    sameSecret(token.secret, parts.secret);
  if (!valid) throw refuse('Authentication failed!');
  return { kind: 'token', userid: parts.userid, tokenid: `${parts.userid}!${parts.tokenid}` };
}

async function authenticateTicket(
  context: AuthContext,
  ticket: string,
  method: string,
  apiPath: string,
  csrfToken: string | undefined,
): Promise<Authentication> {
  const keys = await context.keys();
  // A TFA half ticket fails here: it was signed with the username as associated data.
  const verified = verifyTicket(keys, ticket, context.nowSeconds);
  const userid = verified?.data;
  if (userid === undefined || !userActive(context.users.get(userid), context.nowSeconds)) {
    throw refuse('Authentication failed!');
  }
  // The upload endpoint is exempt: its multipart body arrives before the handler could check.
  if (method !== 'GET' && !UPLOAD_PATH.test(apiPath)) {
    const csrfValid =
      csrfToken !== undefined &&
      verifyCsrfToken(keys.csrfSecret, userid, csrfToken, context.nowSeconds);
    if (!csrfValid) throw refuse('Permission denied - invalid csrf token');
  }
  return { kind: 'ticket', userid };
}

/** Decides who a request acts as, or throws the auth handler's 401. */
export async function authenticate(
  context: AuthContext,
  method: string,
  apiPath: string,
  presented: PresentedCredentials,
): Promise<Authentication> {
  if (!needsAuthentication(method, apiPath)) {
    return { kind: 'anonymous', apiToken: presented.apiToken !== undefined };
  }
  if (presented.ticket !== undefined) {
    return authenticateTicket(context, presented.ticket, method, apiPath, presented.csrfToken);
  }
  if (presented.apiToken !== undefined) return authenticateToken(context, presented.apiToken);
  throw refuse('No ticket');
}
