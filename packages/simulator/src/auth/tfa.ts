import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

// Proxmox's TOTP factor: RFC 6238 with SHA-1, 6 digits, 30-second steps.
function totpFor(base32Secret: string): TOTP {
  return new TOTP({
    secret: Secret.fromBase32(base32Secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** Accepts the current code and its neighbours one step either side (clock drift). */
function verifyTotp(base32Secret: string, code: string, nowMs: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(base32Secret).validate({ token: code, timestamp: nowMs, window: 1 }) !== null;
}

/** The code an authenticator shows at `nowMs`; tests use it to answer a challenge. */
export function totpCode(base32Secret: string, nowMs: number): string {
  return totpFor(base32Secret).generate({ timestamp: nowMs });
}

interface TfaFactors {
  readonly totpSecret: string | undefined;
  readonly recoveryKeys: readonly (string | undefined)[];
}

/** Ten recovery keys shaped like Proxmox's: four groups of four hex digits. */
export function newRecoveryKeys(): string[] {
  return Array.from({ length: 10 }, () =>
    (randomBytes(8).toString('hex').match(/.{4}/g) ?? []).join('-'),
  );
}

function unusedRecoveryIndices(user: TfaFactors): number[] {
  return user.recoveryKeys.flatMap((key, index) => (key === undefined ? [] : [index]));
}

/**
 * The challenge a half ticket carries (proxmox-tfa `TfaChallenge`): only the factors the user
 * has are present, `totp` as `true`, `recovery` as the indices of the keys still unused.
 */
export function tfaChallenge(user: TfaFactors): string | undefined {
  const recovery = unusedRecoveryIndices(user);
  if (user.totpSecret === undefined && recovery.length === 0) return undefined;
  return JSON.stringify({
    ...(user.totpSecret !== undefined ? { totp: true } : {}),
    ...(recovery.length > 0 ? { recovery } : {}),
  });
}

/** Checks a TFA answer (`totp:<code>`, `recovery:<key>`); a recovery key works once. */
export function answerTfa(
  user: { totpSecret: string | undefined; recoveryKeys: (string | undefined)[] },
  answer: string,
  nowMs: number,
): boolean {
  const colon = answer.indexOf(':');
  const kind = answer.slice(0, colon);
  const value = answer.slice(colon + 1);
  if (colon < 0) return false;
  if (kind === 'totp') {
    return user.totpSecret !== undefined && verifyTotp(user.totpSecret, value, nowMs);
  }
  if (kind === 'recovery') {
    const index = user.recoveryKeys.indexOf(value.trim().toLowerCase());
    if (index < 0 || value === '') return false;
    user.recoveryKeys[index] = undefined;
    return true;
  }
  // Limitation: WebAuthn, U2F and YubiKey answers are not modelled and always fail.
  return false;
}
