/**
 * Reading a property string: pve-common `parse_property_string` (split, then `check_object`,
 * then the format's own validator), returning typed values. See `codec.ts` for the rules.
 */
import { propertyFormats } from '../generated/formats.gen.js';
import { checkScalar, type Violation } from './check.js';
import { PropertyStringError, type PropertyStringRule } from './errors.js';
import { checkFormatValidator } from './format-validators.js';
import { keyOrder, type ResolvedFormat, resolveFormat } from './resolve.js';
import { died, join, type PropertyStringFailure, splitParts } from './split.js';

export type PropertyValue = string | number | boolean;
export type PropertyValues = Record<string, PropertyValue>;
export type PropertyFormatRef = ResolvedFormat['spec'] | string;
export type { PropertyStringFailure };

/** `check_object` over the raw values: required keys, each value, then `requires`. */
export function checkValues(
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

export function failureToError(
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
