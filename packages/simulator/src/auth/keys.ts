import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

/**
 * The node's signing material: the RSA key pair tickets are signed with (`authkey.key`) and
 * the secret CSRF tokens are keyed with (`pve-www.key`). Made on first use, because a 2048-bit
 * key costs a noticeable fraction of a second and many simulators never issue a ticket.
 */
export interface AuthKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly csrfSecret: Buffer;
}

export function lazyAuthKeys(): () => AuthKeys {
  let keys: AuthKeys | undefined;
  return () => {
    if (keys === undefined) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      keys = { privateKey, publicKey, csrfSecret: randomBytes(32) };
    }
    return keys;
  };
}
