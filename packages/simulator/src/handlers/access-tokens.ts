import type { Authentication } from '../auth/authenticate.js';
import { HttpError, parameterError, permissionError } from '../router/http-error.js';
import type { HandlerRequest, Route } from '../router/route.js';
import { ok } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { TOKENID_PATTERN, type TokenRecord, type UserRecord } from '../state/users.js';
import { booleanParam, integerParam, stringParam } from './params.js';

type Request = HandlerRequest<SimulatorState>;

/**
 * Token management is open to the user themself and to root@pam.
 * Limitation: `User.Modify` through ACLs (the schema's `userid-group` check) is not evaluated
 * yet; other users get 403 even where Proxmox would allow them.
 */
function requireSelfOrRoot(auth: Authentication, userid: string): void {
  const acting = auth.kind === 'anonymous' ? undefined : auth.userid;
  const asToken = auth.kind === 'token';
  // A token acts as `user@realm!id`, which is never root@pam itself.
  if (!asToken && acting === 'root@pam') return;
  if (acting === userid) return;
  throw permissionError(`/access/users/${userid}, User.Modify`);
}

function owner({ state, params, auth }: Request): UserRecord {
  const userid = String(params.userid);
  requireSelfOrRoot(auth, userid);
  const user = state.users.get(userid);
  if (user === undefined) throw new HttpError(500, `no such user ('${userid}')`);
  return user;
}

function tokenInfo(token: TokenRecord): Record<string, unknown> {
  return {
    privsep: token.privsep ? 1 : 0,
    expire: token.expire,
    ...(token.comment !== undefined ? { comment: token.comment } : {}),
  };
}

function createToken(request: Request) {
  const user = owner(request);
  const tokenid = String(request.params.tokenid);
  if (!TOKENID_PATTERN.test(tokenid)) {
    throw parameterError({ tokenid: 'value does not match the regex pattern' });
  }
  const privsep = booleanParam(request.params, 'privsep');
  const expire = integerParam(request.params, 'expire');
  const comment = stringParam(request.params, 'comment');
  const token = request.state.users.addToken(user, tokenid, {
    ...(privsep !== undefined ? { privsep } : {}),
    ...(expire !== undefined ? { expire } : {}),
    ...(comment !== undefined ? { comment } : {}),
  });
  if (token === undefined) throw parameterError({ tokenid: 'Token already exists.' });
  return ok({
    'full-tokenid': `${user.userid}!${tokenid}`,
    info: tokenInfo(token),
    value: token.secret,
  });
}

function existingToken(request: Request): { user: UserRecord; token: TokenRecord } {
  const user = owner(request);
  const tokenid = String(request.params.tokenid);
  const token = user.tokens.get(tokenid);
  if (token === undefined)
    throw new HttpError(500, `no such token '${tokenid}' for user '${user.userid}'`);
  return { user, token };
}

export const tokenRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/access/users/{userid}/token',
    allowtoken: true,
    handler: (request) =>
      ok(
        [...owner(request).tokens.values()].map((token) => ({
          tokenid: token.tokenid,
          ...tokenInfo(token),
        })),
      ),
  },
  {
    method: 'GET',
    path: '/access/users/{userid}/token/{tokenid}',
    allowtoken: true,
    handler: (request) => ok(tokenInfo(existingToken(request).token)),
  },
  {
    method: 'POST',
    path: '/access/users/{userid}/token/{tokenid}',
    allowtoken: true,
    handler: createToken,
  },
  {
    method: 'DELETE',
    path: '/access/users/{userid}/token/{tokenid}',
    allowtoken: true,
    handler: (request) => {
      const { user, token } = existingToken(request);
      user.tokens.delete(token.tokenid);
      return ok(null);
    },
  },
];
