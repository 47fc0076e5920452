import { HttpError, parameterError } from '../router/http-error.js';
import type { Params } from '../router/params.js';
import { nowSeconds, type SimulatorState } from '../state/state.js';
import { type UserRecord, userActive } from '../state/users.js';
import { assembleCsrfToken } from './csrf.js';
import { computeCap } from './permissions-cap.js';
import { answerTfa, tfaChallenge } from './tfa.js';
import { assembleTicket, verifyTicket } from './ticket.js';

// Every login failure looks the same, so nobody can probe which users exist
// (pve-access-control API2/AccessControl.pm `create_ticket`).
function loginFailure(): HttpError {
  return new HttpError(401, 'authentication failure');
}

function requiredString(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') {
    throw parameterError({ [name]: 'property is missing and it is not optional' });
  }
  if (typeof value !== 'string') {
    throw parameterError({ [name]: `type check ('string') failed - got '${String(value)}'` });
  }
  return value;
}

function optionalString(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function loginName(params: Params): string {
  const username = requiredString(params, 'username');
  if (username.length > 64)
    throw parameterError({ username: 'value may only be 64 characters long' });
  const realm = optionalString(params, 'realm');
  return realm !== undefined && !username.includes('@') ? `${username}@${realm}` : username;
}

// A valid ticket works as the password: that is how tickets are renewed. root@pam's ticket
// may renew for anyone (`create_ticket_do`).
async function isRenewal(state: SimulatorState, username: string, password: string) {
  if (!password.startsWith('PVE:')) return false;
  const holder = verifyTicket(await state.keys(), password, nowSeconds(state))?.data;
  return holder === username || holder === 'root@pam';
}

async function fullLogin(state: SimulatorState, userid: string) {
  const now = nowSeconds(state);
  const keys = await state.keys();
  return {
    username: userid,
    ticket: assembleTicket(keys, userid, now),
    CSRFPreventionToken: assembleCsrfToken(keys.csrfSecret, userid, now),
    cap: computeCap(state.accessView(), userid),
  };
}

async function halfLogin(state: SimulatorState, userid: string, challenge: string) {
  const now = nowSeconds(state);
  const keys = await state.keys();
  return {
    username: userid,
    ticket: assembleTicket(keys, `!tfa!${challenge}`, now, userid),
    CSRFPreventionToken: assembleCsrfToken(keys.csrfSecret, userid, now),
    NeedTFA: 1,
  };
}

// Second step: the half ticket (signed for this username) plus the answer as password.
async function completeTfa(
  state: SimulatorState,
  user: UserRecord,
  challenge: string,
  answer: string,
) {
  const verified = verifyTicket(await state.keys(), challenge, nowSeconds(state), user.userid);
  if (verified === undefined || !verified.data.startsWith('!tfa!')) throw loginFailure();

  if (!answerTfa(user, answer, state.clock())) throw loginFailure();
  return fullLogin(state, user.userid);
}

/**
 * `POST /access/ticket`: password or ticket login, then the TFA step when the user has one.
 * Limitation: the verify-only mode (`path` + `privs`) and the one-request `otp` parameter are
 * not modelled; such requests are answered like plain logins.
 */
export async function createTicket(
  state: SimulatorState,
  params: Params,
): Promise<Record<string, unknown>> {
  const userid = loginName(params);
  const password = requiredString(params, 'password');
  const user = state.users.get(userid);
  if (!userActive(user, nowSeconds(state))) throw loginFailure();

  const challenge = optionalString(params, 'tfa-challenge');
  if (challenge !== undefined) return completeTfa(state, user, challenge, password);

  if (await isRenewal(state, userid, password)) return fullLogin(state, userid);
  if (user.password === undefined || user.password !== password) throw loginFailure();

  const tfa = tfaChallenge(user);
  return tfa === undefined ? fullLogin(state, userid) : halfLogin(state, userid, tfa);
}
