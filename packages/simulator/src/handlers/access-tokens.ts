import { HttpError, parameterError } from '../router/http-error.js';
import type { HandlerRequest, Route } from '../router/route.js';
import { ok } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import { TOKENID_PATTERN, type TokenRecord, type UserRecord } from '../state/users.js';
import { booleanParam, integerParam, stringParam } from './params.js';

type Request = HandlerRequest<SimulatorState>;

function owner({ state, params }: Request): UserRecord {
  const userid = String(params.userid);
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
    handler: (request) => ok(tokenInfo(existingToken(request).token)),
  },
  {
    method: 'POST',
    path: '/access/users/{userid}/token/{tokenid}',
    handler: createToken,
  },
  {
    method: 'DELETE',
    path: '/access/users/{userid}/token/{tokenid}',
    handler: (request) => {
      const { user, token } = existingToken(request);
      user.tokens.delete(token.tokenid);
      return ok(null);
    },
  },
];
