/**
 * Property strings (`virtio=BC:24:11:2E:4D:5F,bridge=vmbr0,firewall=1`), read and written the
 * way pve-common `JSONSchema.pm` does in `parse_property_string` and `print_property_string`,
 * driven by the generated format specs: there is no hand-written parser per key.
 *
 * Values come back typed: booleans as `true`/`false`, integers and numbers as numbers, the
 * rest as text. Sizes (`32G`) stay text, exactly as written, so `format(parse(s)) === s`;
 * `parseSize` turns them into bytes. Lists inside a value (`trunks=10;20`) stay text too.
 */
import { propertyFormats } from '../generated/formats.gen.js';
import { checkScalar, type Violation } from './check.js';
import { PropertyStringError, type PropertyStringRule } from './errors.js';
import { checkFormatValidator } from './format-validators.js';
import { keyOrder, type ResolvedFormat, resolveFormat } from './resolve.js';
import { formatSize } from './size.js';

export type PropertyValue = string | number | boolean;
export type PropertyValues = Record<string, PropertyValue>;
export type PropertyFormatRef = ResolvedFormat['spec'] | string;

/** Why a property string failed, in Proxmox's words (`message` is its exception text). */
export interface PropertyStringFailure {
  readonly rule: PropertyStringRule;
  readonly key: string | undefined;
  readonly errors: Record<string, string>;
  readonly message: string;
}

const BOOLEAN_TRUE = /^(?:1|on|yes|true)$/i;
const BOOLEAN_FALSE = /^(?:0|off|no|false)$/i;

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** A `die` inside the parser: one message, reported under the parameter's own name. */
function died(
  rule: PropertyStringRule,
  key: string | undefined,
  message: string,
  path: string,
): PropertyStringFailure {
  return { rule, key, errors: { [path || '_root']: message }, message: `${message}\n` };
}

/** Perl truthiness of a string: `''` and `'0'` are false. */
const perlTrue = (text: string | undefined): boolean =>
  text !== undefined && text !== '' && text !== '0';

/** Split into raw `key → text`, as `parse_property_string` does before it checks anything. */
function splitParts(
  format: ResolvedFormat,
  text: string,
  path: string,
): { raw: Record<string, string> } | { failure: PropertyStringFailure } {
  const keys = format.spec.keys;
  const fail = (...args: Parameters<typeof died>) => ({ failure: died(...args) });
  const raw: Record<string, string> = {};
  let defaultSeen = false;
  for (const part of text.split(',')) {
    if (/^\s*$/.test(part)) continue;
    const pair = /^([^=]+)=(.+)$/.exec(part);
    if (pair?.[1] !== undefined && pair[2] !== undefined) {
      let key = pair[1];
      if (raw[key] !== undefined) {
        return fail(
          'duplicate-key',
          key,
          `duplicate key in comma-separated list property: ${key}`,
          path,
        );
      }
      const entry = Object.hasOwn(keys, key) ? keys[key] : undefined;
      if (entry && 'alias' in entry) {
        if (entry.keyAlias !== undefined) {
          if (raw[entry.keyAlias] !== undefined) {
            return fail(
              'duplicate-key',
              entry.keyAlias,
              `key alias '${entry.keyAlias}' is already defined`,
              path,
            );
          }
          raw[entry.keyAlias] = key;
        }
        key = entry.alias;
      }
      const target = Object.hasOwn(keys, key) ? keys[key] : undefined;
      if (!target) {
        return fail(
          'unknown-key',
          key,
          `invalid key in comma-separated list property: ${key}`,
          path,
        );
      }
      raw[key] =
        'type' in target && target.type === 'boolean' ? normaliseBoolean(pair[2]) : pair[2];
    } else if (!part.includes('=')) {
      const defaultKey = format.defaultKey;
      if (defaultSeen || (defaultKey !== undefined && perlTrue(raw[defaultKey]))) {
        return fail(
          'duplicate-key',
          defaultKey,
          `duplicate key in comma-separated list property: ${defaultKey}`,
          path,
        );
      }
      if (defaultKey === undefined) {
        return fail(
          'syntax',
          undefined,
          'value without key, but schema does not define a default key',
          path,
        );
      }
      defaultSeen = true;
      raw[defaultKey] = part;
    } else {
      return fail('syntax', undefined, 'missing key in comma-separated list property', path);
    }
  }
  return { raw };
}

function normaliseBoolean(text: string): string {
  if (BOOLEAN_TRUE.test(text)) return '1';
  if (BOOLEAN_FALSE.test(text)) return '0';
  return text;
}

/** `check_object` over the raw values: required keys, each value, then `requires`. */
function checkValues(
  format: ResolvedFormat,
  raw: Readonly<Record<string, string>>,
  path: string,
): PropertyStringFailure | undefined {
  const errors: Record<string, string> = {};
  let first: { rule: PropertyStringRule; key: string } | undefined;
  const report = (key: string, violation: Violation): void => {
    const errorPath = join(path, key);
    errors[errorPath] = errors[errorPath]
      ? `${errors[errorPath]}\n${violation.message}`
      : violation.message;
    first ??= { rule: violation.rule, key };
  };

  for (const [key, entry] of Object.entries(format.spec.keys)) {
    if ('alias' in entry) continue;
    const value = raw[key];
    if (value === undefined) {
      if (!entry.optional) {
        report(key, { rule: 'missing-key', message: 'property is missing and it is not optional' });
      }
      continue;
    }
    const violation = checkScalar(entry, value, join(path, key), checkNestedFormat);
    if (violation) report(key, violation);
  }
  for (const key of Object.keys(raw)) {
    const entry = format.spec.keys[key];
    const requires = entry && 'type' in entry ? entry.requires : undefined;
    if (requires !== undefined && raw[requires] === undefined) {
      report(requires, {
        rule: 'requires',
        message: `missing property - '${join(path, key)}' requires this property`,
      });
    }
  }
  if (!first) return undefined;
  const lines = Object.keys(errors)
    .sort()
    .map((errorPath) => `${errorPath}: ${errors[errorPath]}\n`);
  return { ...first, errors, message: `format error\n${lines.join('')}` };
}

/** Check a property string against a format id; `undefined` when valid or not a format id. */
export function checkNestedFormat(
  formatId: string,
  text: string,
  path: string,
): string | undefined {
  if (!Object.hasOwn(propertyFormats, formatId)) return undefined;
  const result = readPropertyString(formatId, text, path);
  return 'failure' in result ? result.failure.message : undefined;
}

/** The non-throwing core shared by `parsePropertyString` and parameter validation. */
export function readPropertyString(
  format: PropertyFormatRef,
  text: string,
  path = '',
): { values: PropertyValues } | { failure: PropertyStringFailure } {
  const resolved = resolveFormat(format);
  const split = splitParts(resolved, text, path);
  if ('failure' in split) return split;
  const parts = split.raw;
  const failure = checkValues(resolved, parts, path);
  if (failure) return { failure };
  const validatorProblem = checkFormatValidator(resolved.id, parts);
  if (validatorProblem) return { failure: died('format', undefined, validatorProblem, path) };
  return { values: typedValues(resolved, parts) };
}

function typedValues(
  format: ResolvedFormat,
  raw: Readonly<Record<string, string>>,
): PropertyValues {
  const values: PropertyValues = {};
  for (const [key, text] of Object.entries(raw)) {
    const entry = format.spec.keys[key];
    const type = entry && 'type' in entry ? entry.type : 'string';
    values[key] =
      type === 'boolean'
        ? text === '1'
        : type === 'integer' || type === 'number'
          ? Number(text)
          : text;
  }
  return values;
}

/**
 * Parse a property string. `format` is a generated format id (`qemu-net`, `pve-qm-ipconfig`)
 * or a spec; `path` names the parameter (`net0`) so error keys read like Proxmox's (`net0.model`).
 */
export function parsePropertyString(
  format: PropertyFormatRef,
  text: string,
  path = '',
): PropertyValues {
  const result = readPropertyString(format, text, path);
  if ('failure' in result) throw failureToError(result.failure, format);
  return result.values;
}

function failureToError(
  failure: PropertyStringFailure,
  format: PropertyFormatRef,
): PropertyStringError {
  const resolved = resolveFormat(format);
  const known = keyOrder(resolved).join(', ');
  const hint =
    failure.rule === 'unknown-key' || failure.rule === 'syntax'
      ? `the keys of ${resolved.id} are: ${known}`
      : undefined;
  return new PropertyStringError(failure.rule, failure.key, failure.errors, hint);
}

/** Write values as Proxmox prints them: default key bare and first, then required, then the rest. */
export function formatPropertyString(
  format: PropertyFormatRef,
  values: Readonly<Record<string, unknown>>,
  path = '',
): string {
  const resolved = resolveFormat(format);
  const wire = toWire(resolved, values, path);
  const failure = checkValues(resolved, canonicalKeys(resolved, wire), path);
  if (failure) throw failureToError(failure, format);
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
