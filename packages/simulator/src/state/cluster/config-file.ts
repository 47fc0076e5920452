import { createHash } from 'node:crypto';
import type { GuestConfig, GuestState } from './types.js';

/**
 * pve-common `encode_text`: the description lines of a config file keep printable ASCII except
 * `:`; every other byte of their UTF-8 is percent-encoded.
 */
export function encodeText(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const safe = byte >= 0x20 && byte <= 0x7e && byte !== 0x3a;
    out += safe
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Perl's `split(/\n/, $text)`: trailing empty fields are dropped. */
function perlSplitLines(text: string): string[] {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function sortedKeys(config: GuestConfig): string[] {
  return Object.keys(config).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One section: description as `#` lines on top, then `key: value` lines sorted by key. */
function renderSection(config: GuestConfig, pending: boolean): string {
  let raw = '';
  const description = config.description;
  if (description !== undefined) {
    if (description !== '') {
      for (const line of perlSplitLines(description)) raw += `#${encodeText(line)}\n`;
    } else if (pending) {
      raw += '#\n';
    }
  }
  for (const key of sortedKeys(config)) {
    if (key === 'description' || key === 'digest') continue;
    raw += `${key}: ${config[key]}\n`;
  }
  return raw;
}

/**
 * The config file as qemu-server's `write_vm_config` lays it out (pve-container writes the same
 * shape): main section, `[PENDING]`, then snapshots sorted by name.
 */
export function renderConfigFile(guest: GuestState): string {
  let raw = renderSection(guest.config, false);

  const pending: GuestConfig = { ...guest.pending };
  if (guest.pendingDelete.length > 0) pending.delete = guest.pendingDelete.join(',');
  if (Object.keys(pending).length > 0) raw += `\n[PENDING]\n${renderSection(pending, true)}`;

  for (const name of Object.keys(guest.snapshots).sort()) {
    const snapshot = guest.snapshots[name];
    if (snapshot) raw += `\n[${name}]\n${renderSection(snapshot, false)}`;
  }
  return raw;
}

/** The `digest` of a config: SHA-1 over the file's bytes (`sha1_hex($raw)` when parsing). */
export function configDigest(guest: GuestState): string {
  return createHash('sha1').update(renderConfigFile(guest), 'utf8').digest('hex');
}
