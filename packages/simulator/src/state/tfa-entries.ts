import { randomUUID } from 'node:crypto';
import { TOTP, URI } from 'otpauth';
import { newRecoveryKeys, totpCode } from '../auth/tfa.js';
import { HttpError, parameterError } from '../router/http-error.js';
import type { TfaEntryMeta, UserRecord } from './users.js';

/**
 * The TFA entries of `priv/tfa.cfg` over the user's factors. A factor set in code
 * (`access.enableTotp`, `addRecoveryKeys`) is listed too, with an id made on first sight.
 * Limitation: a user holds one TOTP entry; adding a second is refused with a message.
 */
export function tfaEntries(user: UserRecord, nowSeconds: number): TfaEntryMeta[] {
  user.tfaEntries ??= [];
  const entries = user.tfaEntries;
  const has = (type: TfaEntryMeta['type']) => entries.some((entry) => entry.type === type);
  if (user.totpSecret !== undefined && !has('totp')) {
    entries.push(newEntry('totp', `totp-${randomUUID()}`, '', nowSeconds));
  }
  if (user.recoveryKeys.length > 0 && !has('recovery')) {
    entries.push(newEntry('recovery', 'recovery', '', nowSeconds));
  }
  return entries;
}

function newEntry(type: TfaEntryMeta['type'], id: string, description: string, created: number) {
  return { type, id, description, created, enable: true };
}

/** The entry as the API lists it (`TYPED_TFA_ENTRY_SCHEMA`). */
export function entryView(entry: TfaEntryMeta) {
  return {
    type: entry.type,
    id: entry.id,
    description: entry.description,
    created: entry.created,
    ...(entry.enable ? {} : { enable: 0 }),
  };
}

export function findEntry(user: UserRecord, id: string, nowSeconds: number): TfaEntryMeta {
  const entry = tfaEntries(user, nowSeconds).find((candidate) => candidate.id === id);
  if (entry === undefined) throw new HttpError(404, `No such tfa entry '${id}'`);
  return entry;
}

/** The secret of an `otpauth://totp/…` URI, checked to be Proxmox's kind of TOTP. */
function totpSecretOf(uri: string): string {
  let parsed: unknown;
  try {
    parsed = URI.parse(uri);
  } catch {
    throw parameterError({ totp: 'failed to parse totp URI' });
  }
  if (!(parsed instanceof TOTP)) throw parameterError({ totp: 'not a totp URI' });
  // Limitation: logins check codes as SHA-1, 6 digits, 30 s (what authenticator apps and the
  // Proxmox GUI use); a URI asking for anything else is refused.
  if (parsed.algorithm !== 'SHA1' || parsed.digits !== 6 || parsed.period !== 30) {
    throw parameterError({ totp: 'the simulator supports SHA1, 6 digits, 30 second TOTP only' });
  }
  return parsed.secret.base32;
}

export interface NewTfaEntry {
  type: string;
  description?: string;
  totp?: string;
  value?: string;
}

function addTotp(user: UserRecord, request: NewTfaEntry, nowMs: number): { id: string } {
  if (request.totp === undefined) throw parameterError({ totp: 'missing totp URI' });
  if (request.value === undefined) throw parameterError({ value: 'missing current totp value' });
  const secret = totpSecretOf(request.totp);
  const current = [-1, 0, 1].map((step) => totpCode(secret, nowMs + step * 30_000));
  if (!current.includes(request.value.trim())) {
    throw new HttpError(400, 'failed to verify totp value');
  }
  const entries = tfaEntries(user, Math.floor(nowMs / 1000));
  const existing = entries.find((entry) => entry.type === 'totp');
  if (existing !== undefined) {
    throw new HttpError(
      500,
      `the pvekit simulator keeps one TOTP entry per user; delete '${existing.id}' first`,
    );
  }
  user.totpSecret = secret;
  const created = Math.floor(nowMs / 1000);
  const entry = newEntry('totp', `totp-${randomUUID()}`, request.description ?? '', created);
  entries.push(entry);
  return { id: entry.id };
}

function addRecovery(user: UserRecord, nowSeconds: number) {
  const entries = tfaEntries(user, nowSeconds);
  if (entries.some((entry) => entry.type === 'recovery')) {
    throw new HttpError(400, 'user already has recovery keys');
  }
  const keys = newRecoveryKeys();
  user.recoveryKeys = [...keys];
  entries.push(newEntry('recovery', 'recovery', '', nowSeconds));
  return { id: 'recovery', recovery: keys };
}

/** POST `/access/tfa/{userid}`: a TOTP entry verified by its current code, or recovery keys. */
export function addTfaEntry(user: UserRecord, request: NewTfaEntry, nowMs: number) {
  if (request.type === 'totp') return addTotp(user, request, nowMs);
  if (request.type === 'recovery') return addRecovery(user, Math.floor(nowMs / 1000));
  // Limitation: WebAuthn, U2F and YubiKey entries need a browser or a key; not modelled.
  throw new HttpError(501, `TFA entries of type '${request.type}' are not simulated`);
}

/** PUT `/access/tfa/{userid}/{id}`: description and enable. */
export function updateTfaEntry(
  user: UserRecord,
  entry: TfaEntryMeta,
  change: { description?: string; enable?: boolean },
): void {
  if (change.description !== undefined) entry.description = change.description;
  if (change.enable === undefined || entry.type !== 'totp') {
    if (change.enable !== undefined) entry.enable = change.enable;
    return;
  }
  if (!change.enable && user.totpSecret !== undefined) {
    entry.disabledSecret = user.totpSecret;
    user.totpSecret = undefined;
  }
  if (change.enable && entry.disabledSecret !== undefined) {
    user.totpSecret = entry.disabledSecret;
    delete entry.disabledSecret;
  }
  entry.enable = change.enable;
}

/** DELETE `/access/tfa/{userid}/{id}`: the entry and its factor. */
export function deleteTfaEntry(user: UserRecord, entry: TfaEntryMeta): void {
  if (entry.type === 'totp') user.totpSecret = undefined;
  else user.recoveryKeys = [];
  user.tfaEntries = (user.tfaEntries ?? []).filter((candidate) => candidate !== entry);
}
