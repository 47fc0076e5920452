/** The other direction: pve-common `print_property_string`, with the same checks first. */
import { PropertyStringError } from './errors.js';
import { checkFormatValidator } from './format-validators.js';
import { checkValues, failureToError, type PropertyFormatRef } from './parse.js';
import { keyOrder, type ResolvedFormat, resolveFormat } from './resolve.js';
import { formatSize } from './size.js';
import { died, join } from './split.js';

/** Write values as Proxmox prints them: default key bare and first, required keys, the rest. */
export function formatPropertyString(
  format: PropertyFormatRef,
  values: Readonly<Record<string, unknown>>,
  path = '',
): string {
  const resolved = resolveFormat(format);
  const wire = toWire(resolved, values, path);
  const canonical = canonicalKeys(resolved, wire);
  const failure = checkValues(resolved, canonical, path);
  if (failure) throw failureToError(failure, format);
  const validatorProblem = checkFormatValidator(resolved.id, canonical);
  if (validatorProblem) {
    throw failureToError(died('format', undefined, validatorProblem, path), format);
  }
  return printWire(resolved, wire, path);
}

/** Alias keys (`volume`) checked as their target (`file`). */
function canonicalKeys(
  format: ResolvedFormat,
  wire: Record<string, string>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, text] of Object.entries(wire)) {
    const entry = format.spec.keys[key];
    result[entry && 'alias' in entry && entry.keyAlias === undefined ? entry.alias : key] = text;
  }
  return result;
}

function toWire(format: ResolvedFormat, values: Readonly<Record<string, unknown>>, path: string) {
  const wire: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    const entry = Object.hasOwn(format.spec.keys, key) ? format.spec.keys[key] : undefined;
    if (!entry || ('alias' in entry && entry.keyAlias !== undefined)) {
      throw new PropertyStringError(
        'unknown-key',
        key,
        { [join(path, key)]: `invalid key '${key}'` },
        `the keys of ${format.id} are: ${keyOrder(format).join(', ')}`,
      );
    }
    const target = 'alias' in entry ? format.spec.keys[entry.alias] : entry;
    const isSize = target && 'type' in target && target.format === 'disk-size';
    if (typeof value === 'number' && isSize) wire[key] = formatSize(value);
    else if (typeof value === 'boolean') wire[key] = value ? '1' : '0';
    else if (typeof value === 'number' && Number.isFinite(value)) wire[key] = String(value);
    else if (typeof value === 'string') wire[key] = value;
    else {
      const got = Array.isArray(value)
        ? 'ARRAY'
        : typeof value === 'object'
          ? 'HASH'
          : typeof value;
      throw new PropertyStringError(
        'type',
        key,
        { [join(path, key)]: `type check failed - got ${got}` },
        'give a string, number or boolean',
      );
    }
  }
  return wire;
}

function printWire(
  format: ResolvedFormat,
  wire: Readonly<Record<string, string>>,
  path: string,
): string {
  const parts: string[] = [];
  const done = new Set<string>();
  const printable = (key: string, text: string): string => {
    if (text.includes(',')) {
      throw new PropertyStringError(
        'unprintable',
        key,
        { [join(path, key)]: `illegal value with commas for ${key}` },
        'a property-string value cannot hold a comma; use ; inside lists',
      );
    }
    if (text === '' || /^\s+$/.test(text)) {
      throw new PropertyStringError(
        'unprintable',
        key,
        { [join(path, key)]: `empty value for ${key}` },
        'leave the key out instead',
      );
    }
    return text;
  };
  const add = (key: string, isDefault: boolean): void => {
    if (done.has(key)) return;
    done.add(key);
    const text = wire[key];
    if (text === undefined) return;
    const combine = format.keyAliases.get(key);
    const combined = combine === undefined ? undefined : wire[combine];
    if (combine !== undefined && combined !== undefined) {
      parts.push(`${printable(key, text)}=${printable(combine, combined)}`);
      done.add(combine);
      return;
    }
    // A bare default value holding `=` would read back as a key; Proxmox would print it
    // bare and break it, so write it keyed.
    parts.push(
      isDefault && !text.includes('=') ? printable(key, text) : `${key}=${printable(key, text)}`,
    );
  };

  if (format.defaultKey !== undefined) add(format.defaultKey, true);
  const sorted = Object.keys(wire).sort();
  for (const key of sorted) {
    const entry = format.spec.keys[key];
    if (entry && 'type' in entry && !entry.optional) add(key, false);
  }
  for (const key of sorted) add(key, false);
  return parts.join(',');
}
