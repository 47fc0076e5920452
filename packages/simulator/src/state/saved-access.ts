import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { AclEntry } from '../auth/permissions-view.js';
import type { AccessConfig, DomainConfig } from './access.js';
import type { TfaEntryMeta, TokenRecord, UserProfile, UserRecord, UserStore } from './users.js';

/**
 * `user.cfg`, `priv/shadow.cfg`, `priv/token.cfg` and `priv/tfa.cfg` as the state file holds
 * them. Passwords are written as salted scrypt hashes, never in clear; token secrets and TOTP
 * secrets are kept as Proxmox keeps them, so the file must stay private (it is written 0600).
 */
export interface SavedAccess {
  users: SavedUser[];
  groups: { groupid: string; members: string[]; comment?: string }[];
  roles: { roleid: string; privs: string[] }[];
  acl: AclEntry[];
  domains?: Record<string, DomainConfig>;
}

export interface SavedUser {
  userid: string;
  passwordHash?: string;
  enable: boolean;
  expire: number;
  profile: UserProfile;
  tokens: TokenRecord[];
  totpSecret?: string;
  recoveryKeys: (string | null)[];
  tfaEntries?: TfaEntryMeta[];
}

// Cheap parameters: the simulator hashes on every save, and its passwords guard test data.
const SCRYPT = { N: 1024, r: 8, p: 1 };

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, SCRYPT);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** True when `candidate` is the password `stored` was made from. */
export function verifyPasswordHash(stored: string, candidate: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(candidate, Buffer.from(salt, 'base64'), expected.length, SCRYPT);
  return timingSafeEqual(actual, expected);
}

// A hash per user and password, so a save does not hash every password again.
const hashes = new WeakMap<UserRecord, { password: string; hash: string }>();

function passwordHashOf(user: UserRecord): string | undefined {
  if (user.password === undefined) return user.passwordHash;
  const cached = hashes.get(user);
  if (cached?.password === user.password) return cached.hash;
  const hash = hashPassword(user.password);
  hashes.set(user, { password: user.password, hash });
  return hash;
}

function saveUser(user: UserRecord): SavedUser {
  const passwordHash = passwordHashOf(user);
  return {
    userid: user.userid,
    ...(passwordHash === undefined ? {} : { passwordHash }),
    enable: user.enable,
    expire: user.expire,
    profile: { ...user.profile },
    tokens: [...user.tokens.values()],
    ...(user.totpSecret === undefined ? {} : { totpSecret: user.totpSecret }),
    recoveryKeys: user.recoveryKeys.map((key) => key ?? null),
    ...(user.tfaEntries === undefined ? {} : { tfaEntries: user.tfaEntries }),
  };
}

export function saveAccess(users: UserStore, access: AccessConfig): SavedAccess {
  return {
    users: users.list().map(saveUser),
    groups: [...access.groups].map(([groupid, group]) => ({
      groupid,
      members: [...group.members],
      ...(group.comment === undefined ? {} : { comment: group.comment }),
    })),
    roles: [...access.roles].map(([roleid, privs]) => ({ roleid, privs: [...privs] })),
    acl: [...access.acl],
    domains: Object.fromEntries(access.domains),
  };
}

/**
 * Puts saved users, groups, roles and ACL in place of the seeded ones. `keep` names users
 * whose in-memory password wins over the saved hash (root@pam, whose password the simulator
 * is given at start).
 */
export function restoreAccess(
  saved: SavedAccess,
  users: UserStore,
  access: AccessConfig,
  keep: readonly string[],
): void {
  for (const user of users.list()) if (!keep.includes(user.userid)) users.delete(user.userid);
  for (const entry of saved.users) {
    const record = users.put({ userid: entry.userid, enable: entry.enable, expire: entry.expire });
    if (!keep.includes(entry.userid)) {
      record.password = undefined;
      if (entry.passwordHash !== undefined) record.passwordHash = entry.passwordHash;
    }
    Object.assign(record.profile, entry.profile);
    for (const token of entry.tokens) record.tokens.set(token.tokenid, token);
    record.totpSecret = entry.totpSecret;
    record.recoveryKeys = entry.recoveryKeys.map((key) => key ?? undefined);
    if (entry.tfaEntries !== undefined) record.tfaEntries = entry.tfaEntries;
  }
  access.groups.clear();
  for (const group of saved.groups) {
    access.groups.set(group.groupid, {
      members: new Set(group.members),
      ...(group.comment === undefined ? {} : { comment: group.comment }),
    });
  }
  access.roles.clear();
  for (const role of saved.roles) access.roles.set(role.roleid, new Set(role.privs));
  access.acl.splice(0, access.acl.length, ...saved.acl);
  if (saved.domains !== undefined) {
    access.domains.clear();
    for (const [realm, config] of Object.entries(saved.domains)) access.domains.set(realm, config);
  }
}
