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
export function verifyTotp(base32Secret: string, code: string, nowMs: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(base32Secret).validate({ token: code, timestamp: nowMs, window: 1 }) !== null;
}

/** The code an authenticator shows at `nowMs`; tests use it to answer a challenge. */
export function totpCode(base32Secret: string, nowMs: number): string {
  return totpFor(base32Secret).generate({ timestamp: nowMs });
}

/**
 * The challenge a half ticket carries (proxmox-tfa `TfaChallenge`): only the factors the user
 * has are present, `totp` as `true`.
 */
export function tfaChallenge(user: { totpSecret: string | undefined }): string | undefined {
  if (user.totpSecret === undefined) return undefined;
  return JSON.stringify({ totp: true });
}
