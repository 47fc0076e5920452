/**
 * The primitives of the check language: privilege checks on one path and the failures they
 * raise, worded as `raise_perm_exc` words them ("Permission check failed (<what>)").
 */
import { privilegesAt } from './permissions.js';
import type { AccessView } from './permissions-view.js';
import { DEFAULT_RELEASE, isPrivilege } from './roles.js';

export interface CheckContext {
  readonly view: AccessView;
  readonly authid: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A failed check on its way out; `checkPermission` turns it into a verdict. */
export class PermissionFailure extends Error {
  readonly status: 403 | 500;

  constructor(status: 403 | 500, message: string) {
    super(message);
    this.name = 'PermissionFailure';
    this.status = status;
  }
}

export function permissionDenied(what?: string): PermissionFailure {
  const message = what ? `Permission check failed (${what})` : 'Permission check failed';
  return new PermissionFailure(403, message);
}

/**
 * All of `privileges` (or, with `any`, one of them) on `path`. An unknown privilege name is an
 * error, as in Proxmox, but only once the loop reaches it.
 */
export function checkPrivileges(
  context: CheckContext,
  path: string | undefined,
  privileges: readonly string[],
  any: boolean,
  quiet: boolean,
): boolean {
  const held = path === undefined ? new Set<string>() : heldAt(context, path);
  const release = context.view.release ?? DEFAULT_RELEASE;
  const verify = (privilege: string) => {
    if (!isPrivilege(privilege, release)) {
      throw new PermissionFailure(500, `invalid privilege '${privilege}'`);
    }
  };

  if (any) {
    for (const privilege of privileges) {
      verify(privilege);
      if (held.has(privilege)) return true;
    }
    if (quiet) return false;
    throw permissionDenied(`${path ?? ''}, ${privileges.join('|')}`);
  }

  for (const privilege of privileges) {
    verify(privilege);
    if (held.has(privilege)) continue;
    if (quiet) return false;
    throw permissionDenied(`${path ?? ''}, ${privilege}`);
  }
  return true;
}

function heldAt(context: CheckContext, path: string): ReadonlySet<string> {
  return privilegesAt(context.view, context.authid, path);
}

/** The trailing `key, value` pairs of a check (`"any", 1`, `"require_param", "pool"`). */
export function optionPairs(list: readonly unknown[]): Map<string, unknown> {
  const options = new Map<string, unknown>();
  for (let index = 0; index + 1 < list.length; index += 2) {
    options.set(String(list[index]), list[index + 1]);
  }
  return options;
}
