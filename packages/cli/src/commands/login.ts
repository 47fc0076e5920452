import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ProxmoxClient } from 'pvekit';
import { addConnectionOptions, type ConnectionFlags } from '../connection/flags.js';
import { warnIfInsecure } from '../connection/open.js';
import { promptPassword } from '../connection/prompt.js';
import { type Connection, resolveConnection } from '../connection/resolve.js';
import {
  cacheDir,
  removeTicket,
  ticketExpiresAt,
  writeTicket,
} from '../connection/ticket-cache.js';
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';

export function registerLogin(program: Command, io: CliIo): void {
  const login = program
    .command('login')
    .description('log in with --user and keep the ticket for later commands (2 hours)')
    .action((flags: ConnectionFlags) => logIn(io, flags));
  addConnectionOptions(login);

  const logout = program
    .command('logout')
    .description('forget the cached ticket of --user on the node (--all: of everyone)')
    .option('--all', 'remove every cached ticket')
    .action((flags: ConnectionFlags & { all?: boolean }) =>
      flags.all === true ? logOutAll(io) : logOut(io, flags),
    );
  addConnectionOptions(logout);
}

function userOf(connection: Connection): string {
  if (connection.user === undefined) {
    throw new CliUsageError(
      'login needs a user',
      'pass --user user@realm (API tokens need no login: set PVEKIT_TOKEN_SECRET)',
    );
  }
  return connection.user;
}

async function logIn(io: CliIo, flags: ConnectionFlags): Promise<void> {
  const connection = resolveConnection(flags, io.env);
  warnIfInsecure(connection, io);
  const username = userOf(connection);
  let password = io.env.PVEKIT_PASSWORD || undefined;
  if (password === undefined && io.stdin.isTTY === true) {
    password = await promptPassword(io.stdin, io.stderr, `password for ${username}: `);
  }
  if (password === undefined) {
    throw new CliUsageError(`no password for ${username}`, 'set PVEKIT_PASSWORD or use a terminal');
  }

  const otp = connection.otp === undefined ? {} : { otp: connection.otp };
  const client = new ProxmoxClient({
    baseUrl: connection.baseUrl,
    tls: connection.tls,
    auth: { username, password, ...otp },
  });
  try {
    const credentials = await client.login();
    writeTicket(io.env, connection.baseUrl, credentials);
    const until = new Date(ticketExpiresAt(credentials)).toISOString();
    io.stderr.write(
      `logged in to ${connection.baseUrl} as ${username}; ticket kept until ${until}\n`,
    );
  } finally {
    await client.close();
  }
}

function logOut(io: CliIo, flags: ConnectionFlags): void {
  const connection = resolveConnection(flags, io.env);
  const username = userOf(connection);
  const removed = removeTicket(io.env, connection.baseUrl, username);
  const what = `ticket of ${username} on ${connection.baseUrl}`;
  io.stderr.write(removed ? `removed the cached ${what}\n` : `no cached ${what}\n`);
}

function logOutAll(io: CliIo): void {
  const dir = cacheDir(io.env);
  const files = dir === undefined ? [] : safeList(dir).filter((name) => name.startsWith('ticket-'));
  for (const file of files) rmSync(path.join(dir as string, file), { force: true });
  io.stderr.write(`removed ${files.length} cached ticket(s)\n`);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
