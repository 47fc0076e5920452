import { ProxmoxTfaRequiredError, type TfaFactor } from '../errors/usage.js';

/** What the server offered after the password step, decoded from the half ticket. */
export interface TfaChallenge {
  readonly username: string;
  readonly factors: readonly TfaFactor[];
  readonly totp: boolean;
  readonly yubico: boolean;
  /** Indices of the recovery keys still unused. */
  readonly recovery: readonly number[];
  /** The WebAuthn request options, to hand to an authenticator. */
  readonly webauthn?: unknown;
  readonly u2f?: unknown;
}

/** Returns the answer for the second login step, e.g. `'123456'` or `'recovery:abcd-…'`. */
export type TfaChallengeHandler = (challenge: TfaChallenge) => string | Promise<string>;

// A half ticket reads `PVE:!tfa!<challenge JSON, ':' escaped as %3A>:<time>::<signature>`
// (pve-access-control AccessControl.pm; the GUI's LoginWindow.js decodes it the same way).
const HALF_TICKET = /^[^\s:]+:!tfa!([^:]+):/;
const PREFIXED_ANSWER = /^(totp|recovery|webauthn|u2f|yubico):/;

// Limitation: the pre-7.1 one-request style (`otp` sent with the password, PVE 6 and 7.0) is
// not spoken; such a node answers the login with 401.
export function isHalfTicket(ticket: string): boolean {
  return HALF_TICKET.test(ticket);
}

export function decodeTfaChallenge(username: string, ticket: string): TfaChallenge {
  const encoded = HALF_TICKET.exec(ticket)?.[1];
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = encoded === undefined ? {} : JSON.parse(decodeURIComponent(encoded));
    if (typeof parsed === 'object' && parsed !== null) raw = parsed as Record<string, unknown>;
  } catch {
    // An undecodable challenge leaves no factor to offer; the caller reports that.
  }
  const recovery = Array.isArray(raw.recovery) ? raw.recovery.filter(Number.isInteger) : [];
  const challenge = {
    username,
    totp: raw.totp === true || raw.totp === 1,
    yubico: raw.yubico === true || raw.yubico === 1,
    recovery,
    ...(raw.webauthn ? { webauthn: raw.webauthn } : {}),
    ...(raw.u2f ? { u2f: raw.u2f } : {}),
  };
  return { ...challenge, factors: offeredFactors(challenge) };
}

function offeredFactors(challenge: Omit<TfaChallenge, 'factors'>): TfaFactor[] {
  const factors: TfaFactor[] = [];
  if (challenge.totp) factors.push('totp');
  if (challenge.recovery.length > 0) factors.push('recovery');
  if (challenge.webauthn !== undefined) factors.push('webauthn');
  if (challenge.u2f !== undefined) factors.push('u2f');
  if (challenge.yubico) factors.push('yubico');
  return factors;
}

/**
 * The `password` of the second login step: `<factor>:<answer>`. A bare code goes to TOTP
 * (or YubiKey when that is all the server offers); an answer already prefixed is kept.
 */
export function tfaAnswer(challenge: TfaChallenge, given: string): string {
  const answer = given.trim();
  if (PREFIXED_ANSWER.test(answer)) return answer;
  if (challenge.totp) return `totp:${answer}`;
  if (challenge.yubico) return `yubico:${answer}`;
  throw new ProxmoxTfaRequiredError(
    challenge.username,
    challenge.factors,
    "a bare code answers only totp or yubico; prefix the answer, e.g. 'recovery:<key>'",
  );
}
