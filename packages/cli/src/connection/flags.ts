import type { Command } from 'commander';

/** Connection flags as commander hands them over. */
export interface ConnectionFlags {
  readonly host?: string;
  readonly port?: string;
  readonly url?: string;
  readonly tokenId?: string;
  readonly user?: string;
  readonly otp?: string;
  readonly fingerprint?: string;
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly profile?: string;
}

/**
 * Adds the flags every API command shares; each falls back to its environment variable, then
 * to the profile. Secrets have no flag on purpose: a flag value shows in `ps` and in shell
 * history, so they come from the environment or a prompt.
 */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--host <host>', 'node name or address [PVEKIT_HOST]')
    .option('--port <port>', 'API port, 8006 by default [PVEKIT_PORT]')
    .option('--url <url>', 'node URL, e.g. https://pve1:8006 [PVEKIT_URL]')
    .option('--token-id <id>', 'API token user@realm!name; secret in PVEKIT_TOKEN_SECRET')
    .option('--user <userid>', 'log in as user@realm; password in PVEKIT_PASSWORD or asked')
    .option('--otp <code>', 'second factor of the login, e.g. 123456')
    .option('--fingerprint <sha256>', "pin the node's certificate [PVEKIT_FINGERPRINT]")
    .option('--ca <file>', 'trust this CA certificate, PEM [PVEKIT_CA]')
    .option('--insecure', 'accept any certificate (throw-away test nodes only)')
    .option('--profile <name>', 'a named profile of the config file [PVEKIT_PROFILE]');
}
