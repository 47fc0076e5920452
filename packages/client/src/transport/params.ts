import { ProxmoxParameterError } from '../errors/usage.js';

export type ParamScalar = string | number | boolean;
export type ParamValue = ParamScalar | readonly ParamScalar[] | undefined | null;
export type Params = Readonly<Record<string, ParamValue>>;

/**
 * Encodes parameters the way pve-http-server decodes them: booleans as `1`/`0` (a form-encoded
 * `true` is refused with 400), arrays as repeated keys, `undefined` and `null` left out.
 * Percent-encoding throughout, never `+` for a space, so no decoder can misread a value.
 */
export function encodeParams(params: Params): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const items: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === undefined || item === null) continue;
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(scalar(key, item))}`);
    }
  }
  return pairs.join('&');
}

function scalar(key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new ProxmoxParameterError(key, `${value} has no wire form; pass a finite number`);
    }
    return String(value);
  }
  throw new ProxmoxParameterError(
    key,
    `a ${Array.isArray(value) ? 'nested array' : typeof value} cannot be sent; pass a string,` +
      ' number, boolean or an array of those (encode property strings to a string first)',
  );
}
