import { sign, verify } from 'node:crypto';
import type { AuthKeys } from './keys.js';

// pve-access-control AccessControl.pm: a ticket lives 2 hours; 5 minutes of clock skew
// are tolerated for tickets that seem to come from the future.
export const TICKET_LIFETIME_SECONDS = 2 * 3600;
export const AUTH_GRACE_SECONDS = 5 * 60;

/** Proxmox writes the creation time as 8 upper-case hex digits (`sprintf("%08X")`). */
export function hexTime(epochSeconds: number): string {
  return Math.floor(epochSeconds).toString(16).toUpperCase().padStart(8, '0');
}

/**
 * `PVE::Ticket::assemble_rsa_ticket`: `PVE:<data>:<HEXTIME>::<base64 RSA-SHA256 signature>`.
 * `associatedData` is signed but not written into the ticket (the TFA half ticket binds the
 * username this way), so verifying needs the same value.
 */
export function assembleTicket(
  keys: AuthKeys,
  data: string,
  nowSeconds: number,
  associatedData?: string,
): string {
  const plain = `PVE:${data.replaceAll(':', '%3A')}:${hexTime(nowSeconds)}`;
  const signed = associatedData === undefined ? plain : `${plain}:${associatedData}`;
  const signature = sign('sha256', Buffer.from(signed), keys.privateKey).toString('base64');
  return `${plain}::${signature}`;
}

export interface VerifiedTicket {
  /** The data field as written (`:` still escaped as `%3A`). */
  readonly data: string;
  readonly ageSeconds: number;
}

const TICKET_SHAPE = /^(PVE:\S+)::([^:\s]+)$/;
const PLAIN_SHAPE = /^PVE:(\S+):([A-Fa-f0-9]{8})$/;

/** `verify_rsa_ticket`: signature, then age within (-grace, lifetime). */
export function verifyTicket(
  keys: AuthKeys,
  ticket: string,
  nowSeconds: number,
  associatedData?: string,
): VerifiedTicket | undefined {
  const shape = TICKET_SHAPE.exec(ticket);
  const plain = shape?.[1];
  const signature = shape?.[2];
  if (plain === undefined || signature === undefined) return undefined;

  const signed = associatedData === undefined ? plain : `${plain}:${associatedData}`;
  const signatureBytes = Buffer.from(signature, 'base64');
  if (!verify('sha256', Buffer.from(signed), keys.publicKey, signatureBytes)) return undefined;

  const fields = PLAIN_SHAPE.exec(plain);
  const data = fields?.[1];
  const time = fields?.[2];
  if (data === undefined || time === undefined) return undefined;

  const ageSeconds = Math.floor(nowSeconds) - Number.parseInt(time, 16);
  if (ageSeconds <= -AUTH_GRACE_SECONDS || ageSeconds >= TICKET_LIFETIME_SECONDS) return undefined;
  return { data, ageSeconds };
}
