import type { ValueSpec } from '../metadata/spec.js';

/**
 * Lenient decoding driven by the schema: Proxmox sends booleans as 0/1 and sometimes numbers
 * as strings. Where the schema declares a type and the value plainly means it, the value is
 * converted; anything else is passed on as it came. Nothing the server sent is dropped.
 */
export function decodeValue(spec: ValueSpec | undefined, value: unknown): unknown {
  if (spec === undefined || value === null || value === undefined) return value;
  switch (spec.type) {
    case 'integer':
      return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    case 'number':
      return typeof value === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)
        ? Number(value)
        : value;
    case 'boolean':
      return decodeBoolean(value);
    case 'array':
      return Array.isArray(value) ? value.map((item) => decodeValue(spec.items, item)) : value;
    case 'object':
      return isPlainObject(value) ? decodeObject(spec, value) : value;
    default:
      return value;
  }
}

function decodeBoolean(value: unknown): unknown {
  if (value === 1 || value === '1') return true;
  if (value === 0 || value === '0') return false;
  return value;
}

function decodeObject(spec: ValueSpec, value: Record<string, unknown>): Record<string, unknown> {
  const properties = spec.properties;
  if (properties === undefined) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    result[key] = decodeValue(properties[key] ?? indexedProperty(properties, key), inner);
  }
  return result;
}

/** Numbered keys of a result keep the schema's `name[n]` form: `net3` reads `net[n]`. */
function indexedProperty(
  properties: Readonly<Record<string, ValueSpec>>,
  key: string,
): ValueSpec | undefined {
  const base = /^(.*\D)\d+$/.exec(key)?.[1];
  return base === undefined ? undefined : properties[`${base}[n]`];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
