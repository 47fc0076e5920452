/**
 * IP address grammars, written from RFC 3986 §3.2.2 (the same grammar pve-common's
 * `$IPV4RE` / `$IPV6RE` follow). Unanchored sources, for composing.
 */

const OCTET = '(?:25[0-5]|(?:2[0-4]|1[0-9]|[1-9])?[0-9])';
export const IPV4 = `(?:(?:${OCTET}\\.){3}${OCTET})`;

const H16 = '(?:[0-9a-fA-F]{1,4})';
const LS32 = `(?:${IPV4}|${H16}:${H16})`;
/** `(h16:){0,n}h16` before a `::`, optional as a whole. */
const head = (n: number): string => `(?:(?:${H16}:){0,${n}}${H16})?`;

export const IPV6 = `(?:${[
  `(?:${H16}:){6}${LS32}`,
  `::(?:${H16}:){5}${LS32}`,
  `${head(0)}::(?:${H16}:){4}${LS32}`,
  `${head(1)}::(?:${H16}:){3}${LS32}`,
  `${head(2)}::(?:${H16}:){2}${LS32}`,
  `${head(3)}::${H16}:${LS32}`,
  `${head(4)}::${LS32}`,
  `${head(5)}::${H16}`,
  `${head(6)}::`,
]
  .map((alternative) => `(?:${alternative})`)
  .join('|')})`;

const anchored = (source: string): RegExp => new RegExp(`^(?:${source})$`);
export const IPV4_RE = anchored(IPV4);
export const IPV6_RE = anchored(IPV6);

/** `10.0.0.0/8`: a prefix of 8–32 bits for IPv4, 8–128 for IPv6, as Proxmox has it. */
export function isCidr(text: string, family: 4 | 6): boolean {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return false;
  const address = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!/^\d+$/.test(bits)) return false;
  const max = family === 4 ? 32 : 128;
  const re = family === 4 ? IPV4_RE : IPV6_RE;
  return re.test(address) && Number(bits) > 7 && Number(bits) <= max;
}
