/**
 * ACL paths and the identities that hold privileges on them, as pve-access-control spells them
 * (`normalize_path`, `split_tokenid`, `PVE::Auth::Plugin::verify_username`).
 */

const USER_PART = String.raw`[^\s:/]+`;
const REALM = String.raw`[A-Za-z][A-Za-z0-9.\-_]+`;
const USERID = new RegExp(`^${USER_PART}@${REALM}$`);
const TOKENID = new RegExp(`^(${USER_PART}@${REALM})!(${REALM})$`);

/** `user@realm!tokenid` split into its owner and token name; undefined for anything else. */
export function splitTokenId(authid: string): { userid: string; token: string } | undefined {
  const match = TOKENID.exec(authid);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { userid: match[1], token: match[2] };
}

/** Proxmox's user-name check; the message is the one its API answers with. */
export function verifyUserid(
  userid: string | undefined,
): { ok: true } | { ok: false; message: string } {
  const name = userid ?? '';
  if (name.length < 3) return { ok: false, message: `user name '${name}' is too short` };
  if (name.length > 64) {
    return { ok: false, message: `user name '${name}' is too long (${name.length} > 64)` };
  }
  if (!USERID.test(name)) {
    return { ok: false, message: `value '${name}' does not look like a valid user name` };
  }
  return { ok: true };
}

export function isUserid(userid: string): boolean {
  return verifyUserid(userid).ok;
}

/** The realm of a valid userid (the part after the last `@`). */
export function realmOf(userid: string): string {
  return userid.slice(userid.lastIndexOf('@') + 1);
}

/**
 * Collapses repeated and trailing slashes and adds the leading one; undefined for an empty path
 * or one with characters outside `[A-Za-z0-9._/-]`.
 */
export function normalizeAclPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  let normalized = path.replace(/\/+/g, '/').replace(/\/$/, '');
  if (normalized === '') normalized = '/';
  if (!normalized.startsWith('/')) normalized = `/${normalized}`;
  return /^[A-Za-z0-9._\-/]+$/.test(normalized) ? normalized : undefined;
}

/** The path itself and every ancestor, from `/` down: `/vms/100` → `/`, `/vms`, `/vms/100`. */
export function pathLevels(path: string): string[] {
  if (path === '/') return ['/'];
  const levels = ['/'];
  let current = '';
  for (const segment of path.split('/').slice(1)) {
    current += `/${segment}`;
    levels.push(current);
  }
  return levels;
}

/**
 * Fills `{name}` placeholders of a permission path from request parameters. Like Proxmox's
 * `template_replace`, a missing or falsy value (including `0` and the empty string) becomes `-`.
 */
export function fillPathTemplate(
  template: string,
  params: Readonly<Record<string, unknown>>,
): string {
  return template.replace(/\{([^}]+)\}/g, (_placeholder, name: string) => {
    const value = params[name];
    return isPerlTrue(value) ? String(value) : '-';
  });
}

function isPerlTrue(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  return value !== '' && value !== '0' && value !== 0;
}

/** Proxmox's `split_list`: commas, semicolons, whitespace or NUL separate the items. */
export function splitList(text: unknown): string[] {
  if (typeof text !== 'string' && typeof text !== 'number') return [];
  const value = String(text);
  if (value.includes('\0')) return value.split('\0');
  return value
    .replace(/[,;]/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((item) => item !== '');
}
