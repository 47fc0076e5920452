import { randomUUID } from 'node:crypto';
import { SimulatorError } from '../errors.js';
import { verifyPasswordHash } from './saved-access.js';

/** An API token of a user (`user@realm!tokenid`). `expire` is epoch seconds, 0 = never. */
export interface TokenRecord {
  readonly tokenid: string;
  readonly secret: string;
  readonly privsep: boolean;
  readonly expire: number;
  readonly comment?: string;
}

export interface UserRecord {
  readonly userid: string;
  password: string | undefined;
  /** The saved hash of a password restored from a state file, whose clear text is unknown. */
  passwordHash?: string | undefined;
  enable: boolean;
  /** Epoch seconds, 0 = never. */
  expire: number;
  /** The free-text fields of `user.cfg`. */
  readonly profile: UserProfile;
  readonly tokens: Map<string, TokenRecord>;
  /** Base32 secret of the user's TOTP factor, when one is configured. */
  totpSecret: string | undefined;
  /** One-time recovery keys by index; a used key stays as `undefined` to keep the indices. */
  recoveryKeys: (string | undefined)[];
  /** What `/access/tfa` shows of the factors above (`priv/tfa.cfg` entry metadata). */
  tfaEntries?: TfaEntryMeta[];
}

/** A TFA entry's listing data; the secret itself stays in `totpSecret` / `recoveryKeys`. */
export interface TfaEntryMeta {
  readonly type: 'totp' | 'recovery';
  readonly id: string;
  description: string;
  /** Epoch seconds. */
  readonly created: number;
  enable: boolean;
  /** A disabled TOTP entry keeps its secret here, out of the login's reach. */
  disabledSecret?: string;
}

export interface UserProfile {
  comment?: string;
  email?: string;
  firstname?: string;
  lastname?: string;
}

// Grammar from pve-access-control (`PVE::Auth::Plugin` userid, `AccessControl.pm` tokenid).
export const USERID_PATTERN = /^[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+$/;
export const TOKENID_PATTERN = /^[A-Za-z][A-Za-z0-9.\-_]+$/;

export interface NewUser {
  readonly userid: string;
  readonly password?: string;
  readonly enable?: boolean;
  readonly expire?: number;
}

export interface NewToken {
  readonly privsep?: boolean;
  readonly expire?: number;
  readonly comment?: string;
}

/** The user database (`user.cfg`, `priv/shadow.cfg`, `priv/token.cfg`, `priv/tfa.cfg`). */
export class UserStore {
  readonly #users = new Map<string, UserRecord>();

  get(userid: string): UserRecord | undefined {
    return this.#users.get(userid);
  }

  list(): UserRecord[] {
    return [...this.#users.values()];
  }

  /** Defines a user; an existing one keeps its tokens and TFA and takes the new settings. */
  put(user: NewUser): UserRecord {
    if (!USERID_PATTERN.test(user.userid)) {
      throw new SimulatorError(
        'INVALID_USERID',
        `userid '${user.userid}' is not of the form name@realm (e.g. 'alice@pve')`,
      );
    }
    const existing = this.#users.get(user.userid);
    const record: UserRecord = existing ?? {
      userid: user.userid,
      password: undefined,
      enable: true,
      expire: 0,
      profile: {},
      tokens: new Map(),
      totpSecret: undefined,
      recoveryKeys: [],
    };
    if (user.password !== undefined) {
      record.password = user.password;
      record.passwordHash = undefined;
    }
    record.enable = user.enable ?? record.enable;
    record.expire = user.expire ?? record.expire;
    this.#users.set(user.userid, record);
    return record;
  }

  delete(userid: string): boolean {
    return this.#users.delete(userid);
  }

  require(userid: string): UserRecord {
    const user = this.#users.get(userid);
    if (user === undefined) {
      throw new SimulatorError('NO_SUCH_USER', `no user '${userid}': add it with access.addUser`);
    }
    return user;
  }

  /** Adds a token and returns it with its secret; the caller decides how to report a clash. */
  addToken(user: UserRecord, tokenid: string, options: NewToken): TokenRecord | undefined {
    if (user.tokens.has(tokenid)) return undefined;
    const token: TokenRecord = {
      tokenid,
      secret: randomUUID(),
      privsep: options.privsep ?? true,
      expire: options.expire ?? 0,
      ...(options.comment !== undefined ? { comment: options.comment } : {}),
    };
    user.tokens.set(tokenid, token);
    return token;
  }
}

/** True while `expire` (epoch seconds, 0 = never) has not passed at `nowSeconds`. */
export function notExpired(expire: number, nowSeconds: number): boolean {
  return expire === 0 || nowSeconds < expire;
}

/** A user may authenticate: exists, enabled, account not expired. */
export function userActive(user: UserRecord | undefined, nowSeconds: number): user is UserRecord {
  return user?.enable === true && notExpired(user.expire, nowSeconds);
}

/** The password check of a login: the clear text set this run, or the hash of a saved one. */
export function passwordMatches(user: UserRecord, candidate: string): boolean {
  if (user.password !== undefined) return user.password === candidate;
  return user.passwordHash !== undefined && verifyPasswordHash(user.passwordHash, candidate);
}
