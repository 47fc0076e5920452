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
  const auth = await authFor(connection, io);
  const client = new ProxmoxClient({ baseUrl: connection.baseUrl, tls: connection.tls, auth });
  const before = client.credentials?.ticket ?? ('ticket' in auth ? auth.ticket : undefined);
  return {
    client,
    connection,
    async close() {
      const after = client.credentials;
      if (after !== undefined && after.ticket !== before) {
        writeTicket(io.env, connection.baseUrl, after);
      }
      await client.close();
    },
  };
}

async function authFor(connection: Connection, io: CliIo): Promise<AuthOptions> {
  if (connection.tokenId !== undefined) {
    const secret = io.env.PVEKIT_TOKEN_SECRET;
    if (!secret) {
      throw new CliUsageError(
        `no secret for token ${connection.tokenId}`,
        'set PVEKIT_TOKEN_SECRET (there is no flag for it: flags show in ps and history)',
      );
    }
    return { tokenId: connection.tokenId, secret };
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
  if (cached !== undefined && isFresh(cached, Date.now())) {
    const ticket = { ticket: cached.ticket, csrfToken: cached.csrfToken };
    return { username: user, ...ticket, ...(password ? { password } : {}), ...otp };
  }
  if (password) return { username: user, password, ...otp };
  if (io.stdin.isTTY === true) {
    const typed = await promptPassword(io.stdin, io.stderr, `password for ${user}: `);
    return { username: user, password: typed, ...otp };
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
