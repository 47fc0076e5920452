import type { AccessView, AclEntry } from '../src/auth/permissions-view.js';
import type { PveRelease } from '../src/auth/roles.js';

/** One ACL entry in test shorthand: exactly one of user, group or token names the holder. */
export type AclSpec = { path: string; role: string; propagate?: boolean } & (
  | { user: string }
  | { group: string }
  | { token: string }
);

export interface ViewSpec {
  users?: Record<string, { enable?: boolean; tokens?: Record<string, { privsep: boolean }> }>;
  groups?: Record<string, string[]>;
  roles?: Record<string, string[]>;
  acl?: AclSpec[];
  pools?: Record<string, { vms?: number[]; storage?: string[] }>;
  release?: PveRelease;
}

/** Builds an access view from plain data, the way the simulator's state exposes its own. */
export function accessView(spec: ViewSpec): AccessView {
  const users = new Map(
    Object.entries(spec.users ?? {}).map(([userid, user]) => [
      userid,
      {
        enable: user.enable ?? true,
        expire: 0,
        tokens: new Map(
          Object.entries(user.tokens ?? {}).map(([name, token]) => [
            name,
            { privsep: token.privsep, expire: 0 },
          ]),
        ),
      },
    ]),
  );
  const groups = new Map(
    Object.entries(spec.groups ?? {}).map(([groupid, members]) => [
      groupid,
      { members: new Set(members) },
    ]),
  );
  const pools = new Map(
    Object.entries(spec.pools ?? {}).map(([poolid, pool]) => [
      poolid,
      { vms: pool.vms ?? [], storage: pool.storage ?? [] },
    ]),
  );
  const view: AccessView = {
    users,
    groups,
    roles: new Map(Object.entries(spec.roles ?? {})),
    acl: (spec.acl ?? []).map(toEntry),
    pools,
  };
  return spec.release === undefined ? view : { ...view, release: spec.release };
}

function toEntry(spec: AclSpec): AclEntry {
  const propagate = spec.propagate ?? true;
  if ('user' in spec)
    return { path: spec.path, type: 'user', ugid: spec.user, roleid: spec.role, propagate };
  if ('group' in spec) {
    return { path: spec.path, type: 'group', ugid: spec.group, roleid: spec.role, propagate };
  }
  return { path: spec.path, type: 'token', ugid: spec.token, roleid: spec.role, propagate };
}

export function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}
