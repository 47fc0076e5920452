/**
 * Just enough of the property-string syntax for the state model: split a drive or NIC value
 * into its leading value and `key=value` pairs, and print it back in canonical order.
 *
 * Limitation: this does not validate against the format specs (unknown keys, enums, bounds);
 * the router validates parameters before they reach the state, so only well-formed values
 * arrive here. The typed codec in `pvekit`'s formats room is the full implementation.
 */
export interface PropertyParts {
  /** The value written without `key=` (a drive's volume, a NIC's `model=mac` pair). */
  head: string | undefined;
  keys: Map<string, string>;
}

export function splitProperty(value: string): PropertyParts {
  const keys = new Map<string, string>();
  let head: string | undefined;
  for (const part of value.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) head ??= part;
    else keys.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return { head, keys };
}

/** Canonical print: the leading value first, then the keys sorted by name. */
export function joinProperty(head: string | undefined, keys: Map<string, string>): string {
  const sorted = [...keys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts = sorted.map(([key, value]) => `${key}=${value}`);
  return [...(head === undefined ? [] : [head]), ...parts].join(',');
}

/** A drive value's volume: the leading value, or the `file=`/`volume=` key. */
export function driveVolume(value: string): { volume: string; keys: Map<string, string> } {
  const { head, keys } = splitProperty(value);
  const volume = head ?? keys.get('file') ?? keys.get('volume') ?? '';
  keys.delete('file');
  keys.delete('volume');
  return { volume, keys };
}

const QEMU_DISK = /^(ide|sata|scsi|virtio)\d+$/;
const QEMU_SPECIAL_DISK = /^(efidisk0|tpmstate0)$/;
const LXC_DISK = /^(rootfs|mp\d+)$/;

/** Config keys that hold a volume of the guest (not `unusedN`). */
export function isDiskKey(type: 'qemu' | 'lxc', key: string): boolean {
  return type === 'qemu' ? QEMU_DISK.test(key) || QEMU_SPECIAL_DISK.test(key) : LXC_DISK.test(key);
}

export function isCdrom(value: string): boolean {
  const { volume, keys } = driveVolume(value);
  return keys.get('media') === 'cdrom' || volume === 'cdrom' || volume === 'none';
}
