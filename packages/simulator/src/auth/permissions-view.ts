import type { PveRelease } from './roles.js';

/**
 * The read-only view of the access configuration (`user.cfg`) the permission evaluator works on.
 * The simulator's state implements it; tests build it from plain maps.
 */
export interface AccessView {
  /** Users by userid (`name@realm`). */
  readonly users: ReadonlyMap<string, AccessUser>;
  /** Groups by group id, with their members; membership lives here as it does in `user.cfg`. */
  readonly groups: ReadonlyMap<string, AccessGroup>;
  /** Custom roles by role id. Built-in roles always come from `roles.ts` and win over these. */
  readonly roles: ReadonlyMap<string, Iterable<string>>;
  readonly acl: Iterable<AclEntry>;
  /** Resource pools by pool id (nested pools use `parent/child`). */
  readonly pools: ReadonlyMap<string, AccessPool>;
  /** Which release's built-in roles apply; 9.1 when absent. */
  readonly release?: PveRelease;
}

/**
 * `enable` and `expire` matter when a user authenticates; like Proxmox, the evaluator itself
 * does not look at them.
 */
export interface AccessUser {
  readonly enable: boolean;
  /** Epoch seconds, 0 = never. */
  readonly expire: number;
  /** Tokens by token name (the part after `!`). */
  readonly tokens: ReadonlyMap<string, AccessToken>;
}

export interface AccessToken {
  /** Privilege separation: the token's own ACLs, intersected with its user's privileges. */
  readonly privsep: boolean;
  /** Epoch seconds, 0 = never. */
  readonly expire: number;
}

export interface AccessGroup {
  readonly members: ReadonlySet<string>;
}

export interface AccessPool {
  readonly vms: Iterable<number>;
  readonly storage: Iterable<string>;
}

/** One ACL entry: `ugid` is a userid, a group id or a full token id, as `type` says. */
export interface AclEntry {
  readonly path: string;
  readonly type: 'user' | 'group' | 'token';
  readonly ugid: string;
  readonly roleid: string;
  readonly propagate: boolean;
}
