/**
 * What a request presents, read the way pve-http-server does (AnyEvent.pm, Formatter.pm):
 * the `PVEAuthCookie` cookie first, then `Authorization: PVEAuthCookie=…`, and only when
 * neither holds a ticket, `Authorization: PVEAPIToken=…` (or with a space instead of `=`).
 */
export interface PresentedCredentials {
  readonly ticket?: string;
  /** The raw `user@realm!tokenid=secret` value. Present only when no ticket was sent. */
  readonly apiToken?: string;
  readonly csrfToken?: string;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function extract(header: string | null, pattern: RegExp): string | undefined {
  if (header === null) return undefined;
  const value = pattern.exec(header)?.[1];
  return value === undefined || value === '' ? undefined : decode(value);
}

const COOKIE_TICKET = /(?:^|[\s;])PVEAuthCookie=([^;]*)/;
const AUTHORIZATION_TICKET = /(?:^|\s)PVEAuthCookie=([^;]*)/;
const AUTHORIZATION_TOKEN = /(?:^|\s)PVEAPIToken(?:=| )([^;]*)/;

export function presentedCredentials(headers: Headers): PresentedCredentials {
  const authorization = headers.get('authorization');
  const ticket =
    extract(headers.get('cookie'), COOKIE_TICKET) ?? extract(authorization, AUTHORIZATION_TICKET);
  const apiToken = ticket === undefined ? extract(authorization, AUTHORIZATION_TOKEN) : undefined;
  const csrfToken = headers.get('csrfpreventiontoken') ?? undefined;
  return {
    ...(ticket !== undefined ? { ticket } : {}),
    ...(apiToken !== undefined ? { apiToken } : {}),
    ...(csrfToken !== undefined ? { csrfToken } : {}),
  };
}

/** `user@realm!tokenid=secret`, split at the last `=` as `PVE::AccessControl` does. */
export function splitApiToken(
  value: string,
): { userid: string; tokenid: string; secret: string } | undefined {
  const match = /^(.*)=(.*)$/.exec(value.trim());
  const fullId = match?.[1];
  const secret = match?.[2];
  if (fullId === undefined || secret === undefined) return undefined;
  const bang = fullId.lastIndexOf('!');
  if (bang <= 0) return undefined;
  return { userid: fullId.slice(0, bang), tokenid: fullId.slice(bang + 1), secret };
}
