import { createHmac, timingSafeEqual } from 'node:crypto';
import { AUTH_GRACE_SECONDS, hexTime, TICKET_LIFETIME_SECONDS } from './ticket.js';

// PVE::Ticket csrf token: `<HEXTIME>:<base64 HMAC-SHA256 of "HEXTIME:username">`.
// Perl's Digest::SHA base64 output carries no `=` padding, so neither does ours.
function digest(secret: Buffer, time: string, username: string): string {
  return createHmac('sha256', secret)
    .update(`${time}:${username}`)
    .digest('base64')
    .replace(/=+$/, '');
}

export function assembleCsrfToken(secret: Buffer, username: string, nowSeconds: number): string {
  const time = hexTime(nowSeconds);
  return `${time}:${digest(secret, time, username)}`;
}

/** Valid for the ticket's lifetime, bound to the username the ticket names. */
export function verifyCsrfToken(
  secret: Buffer,
  username: string,
  token: string,
  nowSeconds: number,
): boolean {
  const match = /^([A-Fa-f0-9]{8}):(\S+)$/.exec(token);
  const time = match?.[1];
  const given = match?.[2];
  if (time === undefined || given === undefined) return false;

  const expected = Buffer.from(digest(secret, time, username));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return false;

  const age = Math.floor(nowSeconds) - Number.parseInt(time, 16);
  return age > -AUTH_GRACE_SECONDS && age < TICKET_LIFETIME_SECONDS;
}
