import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TicketCredentials } from 'pvekit';

type Env = Readonly<Record<string, string | undefined>>;

/** A ticket lives 2 h (pve-access-control AccessControl.pm, $ticket_lifetime). */
export const TICKET_LIFETIME_MS = 2 * 3600 * 1000;
// A ticket this close to its end is not worth sending: the command could outlive it.
const EXPIRY_MARGIN_MS = 60 * 1000;

export interface CachedTicket extends TicketCredentials {
  readonly baseUrl: string;
}

export function cacheDir(env: Env): string | undefined {
  const base = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, '.cache') : undefined);
  return base === undefined ? undefined : path.join(base, 'pvekit');
}

// One file per node and user; the name hides neither, it only keeps them apart.
function cacheFile(env: Env, baseUrl: string, username: string): string | undefined {
  const dir = cacheDir(env);
  if (dir === undefined) return undefined;
  const key = createHash('sha256').update(`${baseUrl}\n${username}`).digest('hex').slice(0, 16);
  return path.join(dir, `ticket-${key}.json`);
}

export function readTicket(env: Env, baseUrl: string, username: string): CachedTicket | undefined {
  const file = cacheFile(env, baseUrl, username);
  if (file === undefined) return undefined;
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as CachedTicket;
    const complete =
      typeof cached.ticket === 'string' &&
      typeof cached.csrfToken === 'string' &&
      typeof cached.createdAt === 'number';
    return complete && cached.baseUrl === baseUrl && cached.username === username
      ? cached
      : undefined;
  } catch {
    return undefined; // no cache yet, or a damaged one: log in as if there were none
  }
}

export function ticketExpiresAt(ticket: TicketCredentials): number {
  return ticket.createdAt + TICKET_LIFETIME_MS;
}

export function isFresh(ticket: TicketCredentials, now: number): boolean {
  return now < ticketExpiresAt(ticket) - EXPIRY_MARGIN_MS;
}

/** Writes the ticket readable by its owner only (0600, in a 0700 directory). */
export function writeTicket(env: Env, baseUrl: string, credentials: TicketCredentials): string {
  const file = cacheFile(env, baseUrl, credentials.username);
  if (file === undefined) throw new Error('no cache directory: set XDG_CACHE_HOME or HOME');
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const cached: CachedTicket = { ...credentials, baseUrl };
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(cached)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // the umask may have taken bits away, never added: be explicit
  renameSync(temporary, file);
  return file;
}

/** Removes the cached ticket; true when there was one. */
export function removeTicket(env: Env, baseUrl: string, username: string): boolean {
  const file = cacheFile(env, baseUrl, username);
  if (file === undefined) return false;
  try {
    readFileSync(file);
  } catch {
    return false;
  }
  rmSync(file, { force: true });
  return true;
}
