import { HttpError, parameterError } from '../router/http-error.js';
import type { Params } from '../router/params.js';
import { nowSeconds, type SimulatorState } from '../state/state.js';
import { passwordMatches, type UserRecord, userActive } from '../state/users.js';
import { assembleCsrfToken } from './csrf.js';
import { privilegesAt } from './permissions.js';
import { computeCap } from './permissions-cap.js';
import { normalizeAclPath } from './permissions-path.js';
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
async function ticketVouchesFor(state: SimulatorState, username: string, password: string) {
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

// Verify-only mode: checks the credentials and the privileges, issues nothing.
// Limitation: a TFA user must present a ticket here; a password alone is refused.
async function verifyOnly(state: SimulatorState, user: UserRecord, params: Params) {
  const password = String(params.password);
  const viaTicket = await ticketVouchesFor(state, user.userid, password);
  const viaPassword = passwordMatches(user, password) && tfaChallenge(user) === undefined;
  if (!viaTicket && !viaPassword) throw loginFailure();

  const path = normalizeAclPath(String(params.path)) ?? String(params.path);
  const held = privilegesAt(state.accessView(), user.userid, path);
  const wanted = String(params.privs)
    .split(/[\s,;]+/)
    .filter((name) => name !== '');
  if (!wanted.every((privilege) => held.has(privilege))) throw loginFailure();
  return { username: user.userid };
}

// The second factor given right away in `otp`, in the same `type:value` form as `password`
// takes in the second step.
async function loginWithOtp(state: SimulatorState, user: UserRecord, otp: string) {
  if (tfaChallenge(user) === undefined || !answerTfa(user, otp, state.clock())) {
    throw loginFailure();
  }
  return fullLogin(state, user.userid);
}

/** `POST /access/ticket`: password or ticket login, then the TFA step when the user has one. */
export async function createTicket(
  state: SimulatorState,
  params: Params,
): Promise<Record<string, unknown>> {
  const userid = loginName(params);
  const password = requiredString(params, 'password');
  const user = state.users.get(userid);
  if (!userActive(user, nowSeconds(state))) throw loginFailure();
  if (params.path !== undefined && params.privs !== undefined) {
    return verifyOnly(state, user, params);
  }

  const challenge = optionalString(params, 'tfa-challenge');
  const otp = optionalString(params, 'otp');
  // Proxmox refuses an answer in `otp` during the second step; it belongs in `password`.
  if (challenge !== undefined && otp !== undefined) throw loginFailure();
  if (challenge !== undefined) return completeTfa(state, user, challenge, password);

  if (await ticketVouchesFor(state, userid, password)) return fullLogin(state, userid);
  if (!passwordMatches(user, password)) throw loginFailure();
  if (otp !== undefined) return loginWithOtp(state, user, otp);

  const tfa = tfaChallenge(user);
  return tfa === undefined ? fullLogin(state, userid) : halfLogin(state, userid, tfa);
}
