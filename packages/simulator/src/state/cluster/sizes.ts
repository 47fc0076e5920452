import { paramError } from './errors.js';

const UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/**
 * Proxmox's `format_size`: the largest unit that divides the byte count exactly, so 32 GiB
 * prints as `32G` and 1.5 GiB as `1536M` (pve-common JSONSchema.pm).
 */
export function formatSize(bytes: number): string {
  let value = bytes;
  for (const unit of ['K', 'M', 'G', 'T']) {
    if (value % 1024 !== 0) return unit === 'K' ? String(value) : `${value}${prevUnit(unit)}`;
    value /= 1024;
  }
  return `${value}T`;
}

function prevUnit(unit: string): string {
  return { M: 'K', G: 'M', T: 'G' }[unit] ?? '';
}

/** A disk size as Proxmox writes it (`32G`, `512M`, `1T`, plain bytes) to bytes. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(text);
  if (!match?.[1]) return undefined;
  const factor = match[2] ? (UNITS[match[2]] ?? 1) : 1;
  return Math.round(Number(match[1]) * factor);
}

/**
 * The `size` parameter of a resize: `+2G` grows by, `40G` sets to. A unit-less number means
 * bytes, as in qemu-server's resize handler.
 */
export function parseResize(text: string): { grow: boolean; bytes: number } {
  const grow = text.startsWith('+');
  const bytes = parseSize(grow ? text.slice(1) : text);
  if (bytes === undefined) {
    throw paramError({ size: `value '${text}' does not match the regex pattern` });
  }
  return { grow, bytes };
}
