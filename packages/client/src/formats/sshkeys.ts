/**
 * The VM `sshkeys` option (cloud-init) travels percent-encoded: the API checks it against the
 * `urlencoded` format (pve-common: only `A-Z a-z 0-9 - _ . ! ~ * ' ( )` and `%XX`), and
 * qemu-server decodes it before writing the keys. That is exactly the set
 * `encodeURIComponent` leaves alone, spaces and newlines included as `%20` / `%0A`.
 * The transport then form-encodes the already encoded text once more; that is expected.
 */
import { PropertyStringError } from './errors.js';

/** One key per line, OpenSSH format. */
export function encodeSshKeys(keys: string | readonly string[]): string {
  const text = typeof keys === 'string' ? keys : keys.join('\n');
  return encodeURIComponent(text);
}

/** The encoded option as GET config returns it → the keys, one per array entry. */
export function decodeSshKeys(encoded: string): string[] {
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    throw new PropertyStringError(
      'format',
      undefined,
      { sshkeys: `invalid urlencoded string: ${encoded}` },
      'expected the percent-encoded form the API stores, e.g. ssh-ed25519%20AAAA…',
    );
  }
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}
