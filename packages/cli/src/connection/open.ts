import { type AuthOptions, ProxmoxClient, type TicketCredentials } from 'pvekit';
import { CliFailure, CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { ConnectionFlags } from './flags.js';
import { promptPassword } from './prompt.js';
import { type Connection, resolveConnection } from './resolve.js';
import { isFresh, readTicket, ticketExpiresAt, writeTicket } from './ticket-cache.js';

/** An open client and what closing it must do: keep a renewed ticket, free the sockets. */
export interface Session {
  readonly client: ProxmoxClient;
  readonly connection: Connection;
  close(): Promise<void>;
}

export async function openSession(flags: ConnectionFlags, io: CliIo): Promise<Session> {
  const connection = resolveConnection(flags, io.env);
  warnIfInsecure(connection, io);
  const { auth, cached } = await authFor(connection, io);
  const client = new ProxmoxClient({ baseUrl: connection.baseUrl, tls: connection.tls, auth });
  return {
    client,
    connection,
    async close() {
      // Only a user who logged in with `pvekit login` has the cache kept up to date (a renewed
      // or new ticket); a command run with a password alone leaves no ticket behind.
      const after = client.credentials;
      if (cached !== undefined && after !== undefined && changed(cached, after)) {
        writeTicket(io.env, connection.baseUrl, after);
      }
      await client.close();
    },
  };
}

export function warnIfInsecure(connection: Connection, io: CliIo): void {
  if (connection.tls.insecure !== true) return;
  io.stderr.write(
    "warning: --insecure: the node's certificate is not checked;" +
      ' pin it with --fingerprint instead\n',
  );
}

// Two logins in the same second may yield the very same ticket; its age is what moved on.
function changed(cached: TicketCredentials, current: TicketCredentials): boolean {
  return cached.ticket !== current.ticket || cached.createdAt !== current.createdAt;
}

interface ChosenAuth {
  readonly auth: AuthOptions;
  /** The ticket cached for this node and user, fresh or not. */
  readonly cached?: TicketCredentials;
}

async function authFor(connection: Connection, io: CliIo): Promise<ChosenAuth> {
  if (connection.tokenId !== undefined) {
    const secret = io.env.PVEKIT_TOKEN_SECRET;
    if (!secret) {
      throw new CliUsageError(
        `no secret for token ${connection.tokenId}`,
        'set PVEKIT_TOKEN_SECRET (there is no flag for it: flags show in ps and history)',
      );
    }
    return { auth: { tokenId: connection.tokenId, secret } };
  }
  const user = connection.user;
  if (user === undefined) {
    throw new CliUsageError(
      'no credentials',
      'pass --token-id with PVEKIT_TOKEN_SECRET set, or --user (then `pvekit login` once)',
    );
  }

  const cached = readTicket(io.env, connection.baseUrl, user);
  const password = io.env.PVEKIT_PASSWORD || undefined;
  const otp = connection.otp === undefined ? {} : { otp: connection.otp };
  const kept = cached === undefined ? {} : { cached };
  if (cached !== undefined && isFresh(cached, Date.now())) {
    const ticket = { ticket: cached.ticket, csrfToken: cached.csrfToken };
    const fallback = password ? { password } : {};
    return { auth: { username: user, ...ticket, ...fallback, ...otp }, ...kept };
  }
  if (password) return { auth: { username: user, password, ...otp }, ...kept };
  if (io.stdin.isTTY === true) {
    const typed = await promptPassword(io.stdin, io.stderr, `password for ${user}: `);
    return { auth: { username: user, password: typed, ...otp }, ...kept };
  }
  throw noPassword(user, cached);
}

function noPassword(user: string, cached: TicketCredentials | undefined): Error {
  const hint = 'run `pvekit login` on a terminal, or set PVEKIT_PASSWORD';
  if (cached !== undefined) {
    const expired = new Date(ticketExpiresAt(cached)).toISOString();
    return new CliFailure(`the cached ticket of ${user} expired at ${expired}`, hint);
  }
  return new CliUsageError(`no password for ${user} and no cached ticket`, hint);
}
