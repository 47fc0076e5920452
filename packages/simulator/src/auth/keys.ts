import { generateKeyPair, type KeyObject, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * The node's signing material: the RSA key pair tickets are signed with (`authkey.key`) and
 * the secret CSRF tokens are keyed with (`pve-www.key`).
 */
export interface AuthKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly csrfSecret: Buffer;
}

const generateRsa = promisify(generateKeyPair);

export async function generateAuthKeys(): Promise<AuthKeys> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
  return { privateKey, publicKey, csrfSecret: randomBytes(32) };
}

/**
 * Made on first use and off the event loop: a 2048-bit key costs a noticeable fraction of a
 * second, many simulators never issue a ticket, and blocking would stall every client timer.
 */
export function lazyAuthKeys(): () => Promise<AuthKeys> {
  let keys: Promise<AuthKeys> | undefined;
  return () => {
    keys ??= generateAuthKeys();
    return keys;
  };
}
