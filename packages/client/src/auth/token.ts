import { ProxmoxOptionsError } from '../errors/usage.js';
import type { Redactor } from '../log/redact.js';
import type { Authenticator } from './authenticator.js';

/** An API token: `tokenId` is `user@realm!tokenname`, `secret` the UUID shown once at creation. */
export interface TokenAuthOptions {
  readonly tokenId: string;
  readonly secret: string;
}

// pve-access-control AccessControl.pm (pve_verify_tokenid): userid, '!', token name.
const USERID = /^[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+$/;
const TOKEN_NAME = /^[A-Za-z][A-Za-z0-9.\-_]+$/;
const EXPECTED = "expected the form 'user@realm!tokenname', e.g. 'root@pam!ci'";

/** Throws a ProxmoxOptionsError that says what is wrong with a token id and what it should be. */
export function validateTokenId(tokenId: string): void {
  const bang = tokenId.indexOf('!');
  const userid = bang < 0 ? tokenId : tokenId.slice(0, bang);
  const name = bang < 0 ? '' : tokenId.slice(bang + 1);
  if (name.includes(':') || name.includes('=')) {
    throw new ProxmoxOptionsError(
      `auth.tokenId '${userid}!…' carries a secret after '${name.includes(':') ? ':' : '='}'` +
        ' (the Proxmox Backup Server form); pass the token id and auth.secret separately;' +
        ` ${EXPECTED}`,
    );
  }
  if (!userid.includes('@')) {
    throw new ProxmoxOptionsError(`auth.tokenId '${tokenId}' misses the realm; ${EXPECTED}`);
  }
  if (bang < 0) {
    throw new ProxmoxOptionsError(`auth.tokenId '${tokenId}' misses '!tokenname'; ${EXPECTED}`);
  }
  if (!USERID.test(userid) || !TOKEN_NAME.test(name)) {
    throw new ProxmoxOptionsError(`auth.tokenId '${tokenId}' is malformed; ${EXPECTED}`);
  }
}

export function validateTokenSecret(secret: unknown): void {
  if (typeof secret !== 'string' || secret.trim() === '' || /\s/.test(secret)) {
    throw new ProxmoxOptionsError(
      'auth.secret must be the token secret (a UUID, no spaces) shown when the token was created',
    );
  }
}

/** `Authorization: PVEAPIToken=<id>=<secret>` on every request; tokens need no CSRF token. */
export class TokenAuthenticator implements Authenticator {
  readonly tokenId: string;
  readonly #header: string;

  constructor(options: TokenAuthOptions, redactor: Redactor) {
    this.tokenId = options.tokenId;
    this.#header = `PVEAPIToken=${options.tokenId}=${options.secret}`;
    redactor.add(options.secret);
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: this.#header };
  }

  // A token has nothing to renew: a 401 means it is wrong, expired or revoked.
  async recover(): Promise<boolean> {
    return false;
  }
}
