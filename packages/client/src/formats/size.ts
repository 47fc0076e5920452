/**
 * Disk sizes as Proxmox writes them: bytes, or a number with `K`, `M`, `G` or `T` (powers of
 * 1024). pve-common `JSONSchema.pm` `parse_size` / `format_size`.
 */

const SIZE = /^(\d+(?:\.\d+)?)([KMGT])?$/;
const UNIT_FACTOR = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 } as const;

/** `32G` → 34359738368; `undefined` when the text is not a size. Fractions round down. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text);
  if (!match?.[1]) return undefined;
  const unit = match[2] as keyof typeof UNIT_FACTOR | undefined;
  return Math.trunc(Number(match[1]) * (unit ? UNIT_FACTOR[unit] : 1));
}

/**
 * Bytes → the largest unit that divides them exactly: 34359738368 → `32G`, 1536 → `1536`.
 * Zero divides by everything, so it prints as `0T`, just as Proxmox prints it.
 */
export function formatSize(bytes: number): string {
  let size = Math.trunc(bytes);
  for (const unit of ['', 'K', 'M', 'G'] as const) {
    if (size % 1024 !== 0) return `${size}${unit}`;
    size /= 1024;
  }
  return `${size}T`;
}
