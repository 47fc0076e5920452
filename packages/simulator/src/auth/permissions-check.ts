/**
 * Evaluates an endpoint's `permissions` object from the API schema against the access state,
 * with the answers Proxmox gives. Mirrors `check_api2_permissions`, `exec_api2_perm_check`,
 * `check`, `check_any` and `check_perm_modify` in
 * https://github.com/proxmox/pve-access-control/blob/master/src/PVE/RPCEnvironment.pm
 */
import { ROOT_USERID } from './permissions.js';
import { checkUseridGroup, checkUseridParam } from './permissions-check-user.js';
import {
  type CheckContext,
  checkPrivileges,
  optionPairs,
  PermissionFailure,
  permissionDenied,
} from './permissions-checker.js';
import { fillPathTemplate, normalizeAclPath } from './permissions-path.js';
import type { AccessView } from './permissions-view.js';

/** The `permissions` of a schema endpoint; undefined when the schema has none. */
export interface PermissionSpec {
  readonly user?: string;
  readonly check?: readonly unknown[];
  readonly description?: string;
}

/** `status` is 403 for a failed permission check, 500 where Proxmox dies (no such user). */
export type PermissionVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly status: 403 | 500; readonly message: string };

const ALLOWED: PermissionVerdict = { allowed: true };

/**
 * Decides whether `authid` (a userid, a token id, or null when unauthenticated) may call an
 * endpoint with these parameters. Parameters are the merged request parameters, path ones
 * included, as the check sees them before validation.
 */
export function checkPermission(
  view: AccessView,
  authid: string | null,
  permissions: PermissionSpec | undefined,
  params: Readonly<Record<string, unknown>>,
): PermissionVerdict {
  try {
    return evaluate({ view, authid, params }, permissions);
  } catch (error) {
    if (error instanceof PermissionFailure) {
      return { allowed: false, status: error.status, message: error.message };
    }
    throw error;
  }
}

function evaluate(
  context: Omit<CheckContext, 'authid'> & { authid: string | null },
  permissions: PermissionSpec | undefined,
): PermissionVerdict {
  // Proxmox never authenticates the `world` endpoints (login, realm list), so they are open to
  // every caller, signed in or not.
  if (permissions?.user === 'world') return ALLOWED;

  const { authid } = context;
  if (authid === null) throw permissionDenied('user != null');
  if (authid === ROOT_USERID) return ALLOWED;
  if (permissions === undefined) throw permissionDenied('user != root@pam');
  if (permissions.user === 'all') return ALLOWED;
  if (permissions.check === undefined) throw permissionDenied();

  // A loud check either passes or raises. The one quiet `false` (`perm-modify` on a path that
  // does not normalize) is ignored by Proxmox too: the handler's validation rejects the path.
  runCheck({ ...context, authid }, permissions.check, false);
  return ALLOWED;
}

/**
 * One node of the check language. With `quiet`, a failure returns false instead of raising; as
 * in Proxmox, `and` runs its members loudly even when asked to be quiet, so a failing `and`
 * inside an `or` ends the whole check with that member's message.
 */
export function runCheck(
  context: CheckContext,
  check: readonly unknown[],
  quiet: boolean,
): boolean {
  const [test, ...args] = check;
  switch (test) {
    case 'and':
      for (const member of args) runCheck(context, asCheck(member), false);
      return true;
    case 'or':
      for (const member of args) {
        if (runCheck(context, asCheck(member), true)) return true;
      }
      if (quiet) return false;
      throw permissionDenied();
    case 'perm':
      return checkPerm(context, args, quiet);
    case 'userid-group':
      return checkUseridGroup(context, args, quiet);
    case 'userid-param':
      return checkUseridParam(context, args, quiet);
    case 'perm-modify':
      return checkPermModify(context, args, quiet);
    case undefined:
      throw new PermissionFailure(500, 'no permission test specified');
    default:
      throw new PermissionFailure(500, 'unknown permission test');
  }
}

function checkPerm(context: CheckContext, args: readonly unknown[], quiet: boolean): boolean {
  const [template, privileges, ...optionList] = args;
  if (typeof template !== 'string' || !Array.isArray(privileges)) {
    throw new PermissionFailure(500, 'missing parameters');
  }
  const options = optionPairs(optionList);

  const required = options.get('require_param');
  if (typeof required === 'string' && context.params[required] === undefined) {
    if (quiet) return false;
    throw permissionDenied();
  }

  const path = normalizeAclPath(fillPathTemplate(template, context.params));
  const any = Boolean(options.get('any'));
  return checkPrivileges(context, path, privileges.map(String), any, quiet);
}

// Changing ACLs needs Permissions.Modify, or the allocate privilege of what the path names.
function checkPermModify(context: CheckContext, args: readonly unknown[], quiet: boolean): boolean {
  const [template] = args;
  const path = normalizeAclPath(fillPathTemplate(String(template ?? ''), context.params));
  if (path === undefined) return false;

  const privileges = ['Permissions.Modify'];
  if (/^\/storage\/.+$/.test(path)) privileges.push('Datastore.Allocate');
  else if (/^\/vms\/.+$/.test(path)) privileges.push('VM.Allocate');
  else if (/^\/pool\/.+$/.test(path)) privileges.push('Pool.Allocate');
  return checkPrivileges(context, path, privileges, true, quiet);
}

function asCheck(member: unknown): readonly unknown[] {
  if (!Array.isArray(member)) throw new PermissionFailure(500, 'unknown permission test');
  return member;
}
