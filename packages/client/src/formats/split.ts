/**
 * The first half of pve-common `parse_property_string`: cut the text at commas into raw
 * `key → text`, resolving the default key and aliases, before any value is checked.
 */
import type { PropertyStringRule } from './errors.js';
import type { ResolvedFormat } from './resolve.js';

/** Why a property string failed, in Proxmox's words (`message` is its exception text). */
export interface PropertyStringFailure {
  readonly rule: PropertyStringRule;
  readonly key: string | undefined;
  readonly errors: Record<string, string>;
  readonly message: string;
}

const BOOLEAN_TRUE = /^(?:1|on|yes|true)$/i;
const BOOLEAN_FALSE = /^(?:0|off|no|false)$/i;

export const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** A `die` inside the parser: one message, reported under the parameter's own name. */
export function died(
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
export function splitParts(
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
