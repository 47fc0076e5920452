import { readFileSync } from 'node:fs';
import type { TlsOptions } from 'pvekit';
import { CliUsageError } from '../errors.js';
import type { ConnectionFlags } from './flags.js';
import { loadProfile, type Profile } from './profiles.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where to connect and as whom, from flags, then environment, then the profile. */
export interface Connection {
  /** `https://host:port`, the key of the ticket cache as well. */
  readonly baseUrl: string;
  readonly tls: TlsOptions;
  readonly tokenId?: string;
  readonly user?: string;
  readonly otp?: string;
}

export function resolveConnection(flags: ConnectionFlags, env: Env): Connection {
  const profile = loadProfile(env, flags.profile ?? env.PVEKIT_PROFILE);
  const pick = (flag: string | undefined, variable: string, fromProfile: unknown) =>
    flag ??
    nonEmpty(env[variable]) ??
    (fromProfile === undefined ? undefined : String(fromProfile));

  const baseUrl = nodeUrl(
    pick(flags.url, 'PVEKIT_URL', profile.url),
    pick(flags.host, 'PVEKIT_HOST', profile.host),
    pick(flags.port, 'PVEKIT_PORT', profile.port),
  );
  return {
    baseUrl,
    tls: tlsOptions(flags, env, profile),
    ...identity(flags, env, profile),
    ...(flags.otp !== undefined ? { otp: flags.otp } : {}),
  };
}

// The nearest source wins as a whole: a --user flag is not mixed with a token id from the
// environment.
function identity(
  flags: ConnectionFlags,
  env: Env,
  profile: Profile,
): { tokenId: string } | { user: string } | Record<string, never> {
  if (flags.tokenId !== undefined && flags.user !== undefined) {
    throw new CliUsageError('--token-id and --user exclude each other: give one');
  }
  const sources: [string | undefined, string | undefined][] = [
    [flags.tokenId, flags.user],
    [nonEmpty(env.PVEKIT_TOKEN_ID), nonEmpty(env.PVEKIT_USER)],
    [profile.tokenId, profile.user],
  ];
  for (const [tokenId, user] of sources) {
    if (tokenId !== undefined) return { tokenId };
    if (user !== undefined) return { user };
  }
  return {};
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function nodeUrl(url: string | undefined, host: string | undefined, port: string | undefined) {
  if (url !== undefined) {
    if (!/^https?:\/\/[^/]+\/?$/.test(url)) {
      throw new CliUsageError(
        `--url '${url}' is not a node URL`,
        'write it as https://<host>:<port>, e.g. https://pve1:8006, without /api2/json',
      );
    }
    return url.replace(/\/$/, '');
  }
  if (host === undefined) {
    throw new CliUsageError(
      'no node to talk to',
      'pass --host <name> or --url https://<host>:8006, or set PVEKIT_HOST',
    );
  }
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    throw new CliUsageError(`--port '${port}' is not a port number 1-65535`);
  }
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `https://${bracketed}:${port ?? '8006'}`;
}

function tlsOptions(flags: ConnectionFlags, env: Env, profile: Profile): TlsOptions {
  const fingerprint = flags.fingerprint ?? nonEmpty(env.PVEKIT_FINGERPRINT) ?? profile.fingerprint;
  const caFile = flags.ca ?? nonEmpty(env.PVEKIT_CA) ?? profile.ca;
  const insecure = flags.insecure === true || profile.insecure === true;
  return {
    ...(fingerprint !== undefined ? { fingerprint } : {}),
    ...(caFile !== undefined ? { ca: readCa(caFile) } : {}),
    ...(insecure ? { insecure } : {}),
  };
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(
      `cannot read the CA file '${file}': ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      'give --ca the path of a PEM certificate',
    );
  }
}
