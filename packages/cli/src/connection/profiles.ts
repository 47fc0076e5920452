import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CliUsageError } from '../errors.js';

/** A named connection in `$XDG_CONFIG_HOME/pvekit/config.json`; never a secret. */
export interface Profile {
  readonly url?: string;
  readonly host?: string;
  readonly port?: number | string;
  readonly tokenId?: string;
  readonly user?: string;
  readonly fingerprint?: string;
  readonly ca?: string;
  readonly insecure?: boolean;
}

const PROFILE_KEYS = ['url', 'host', 'port', 'tokenId', 'user', 'fingerprint', 'ca', 'insecure'];
const SECRET_KEYS = ['password', 'secret', 'tokenSecret', 'ticket'];

type Env = Readonly<Record<string, string | undefined>>;

export function configFile(env: Env): string | undefined {
  const base = env.XDG_CONFIG_HOME || (env.HOME ? path.join(env.HOME, '.config') : undefined);
  return base === undefined ? undefined : path.join(base, 'pvekit', 'config.json');
}

/** The profile `name` asks for, else the file's `defaultProfile`; none without a file. */
export function loadProfile(env: Env, name: string | undefined): Profile {
  const file = configFile(env);
  const config = file === undefined ? undefined : readConfig(file);
  if (config === undefined) {
    if (name === undefined) return {};
    throw new CliUsageError(`profile '${name}' asked for, but there is no ${file ?? 'config'}`);
  }

  const chosen = name ?? config.defaultProfile;
  if (chosen === undefined) return {};
  const profile = config.profiles?.[chosen];
  if (profile === undefined) {
    const known = Object.keys(config.profiles ?? {}).join(', ') || 'none';
    throw new CliUsageError(`no profile '${chosen}' in ${file}`, `profiles there: ${known}`);
  }
  checkProfile(chosen, profile, file as string);
  return profile;
}

interface ConfigFile {
  readonly defaultProfile?: string;
  readonly profiles?: Readonly<Record<string, Profile>>;
}

function readConfig(file: string): ConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliUsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as ConfigFile;
  } catch (error) {
    throw new CliUsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

function checkProfile(name: string, profile: Profile, file: string): void {
  for (const key of Object.keys(profile)) {
    if (SECRET_KEYS.includes(key)) {
      throw new CliUsageError(
        `profile '${name}' in ${file} holds '${key}'; secrets stay out of the config file`,
        'set PVEKIT_TOKEN_SECRET or PVEKIT_PASSWORD, or run `pvekit login`',
      );
    }
    if (!PROFILE_KEYS.includes(key)) {
      throw new CliUsageError(
        `profile '${name}' in ${file} has an unknown key '${key}'`,
        `known keys: ${PROFILE_KEYS.join(', ')}`,
      );
    }
  }
}
