/**
 * One value against its schema, in the order and with the words of pve-common
 * `JSONSchema.pm` `check_prop`: type, format, pattern, maxLength, minLength, maximum,
 * minimum, enum. The first failure wins, as there.
 */
import type { PropertyStringRule } from './errors.js';
import { checkNamedFormat } from './named.js';

export interface ScalarRules {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly patternFlags?: string;
  readonly format?: string;
  readonly propertyFormat?: string;
}

export interface Violation {
  readonly rule: PropertyStringRule;
  readonly message: string;
}

/** How a nested property string is checked; given by the codec to avoid an import cycle. */
export type PropertyFormatCheck = (
  format: string,
  text: string,
  path: string,
) => string | undefined;

const IS_INTEGER = /^[+-]?\d+$/;
const IS_NUMBER = /^[+-]?(?:\d+\.\d+|\d+\.|\.\d+|\d+)(?:[eE][+-]?\d+)?$/;

const patternCache = new Map<string, RegExp>();
function compiled(source: string, flags = ''): RegExp {
  const cacheKey = `${flags}/${source}`;
  let re = patternCache.get(cacheKey);
  if (!re) {
    re = new RegExp(source, flags);
    patternCache.set(cacheKey, re);
  }
  return re;
}

/** The text Perl would see for a wire value; `undefined` for values with no scalar form. */
export function wireText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return undefined;
}

/** Perl's name for a reference, as `check_type` prints it. */
function perlRefName(value: unknown): string {
  if (typeof value === 'boolean') return 'JSON::PP::Boolean';
  if (Array.isArray(value)) return 'ARRAY';
  return 'HASH';
}

export function checkType(type: string | undefined, value: unknown): Violation | undefined {
  if (!type || type === 'any') return undefined;
  const failed = (got: string): Violation => ({
    rule: 'type',
    message: `type check ('${type}') failed${got}`,
  });
  if (type === 'array') return Array.isArray(value) ? undefined : failed('');
  if (type === 'object') {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? undefined
      : failed('');
  }
  if (typeof value === 'boolean')
    return type === 'boolean' ? undefined : failed(` - got ${perlRefName(value)}`);
  const text = wireText(value);
  if (text === undefined) return failed(` - got ${perlRefName(value)}`);
  if (type === 'boolean' && text !== '1' && text !== '0') return failed(` - got '${text}'`);
  if (type === 'integer' && !IS_INTEGER.test(text)) return failed(` - got '${text}'`);
  if (type === 'number' && !IS_NUMBER.test(text)) return failed(` - got '${text}'`);
  return undefined;
}

export function checkScalar(
  rules: ScalarRules,
  value: unknown,
  path: string,
  checkPropertyFormat: PropertyFormatCheck,
): Violation | undefined {
  const typeViolation = checkType(rules.type, value);
  if (typeViolation) return typeViolation;
  const text = wireText(value);
  if (text === undefined) return undefined;

  const formatProblem = rules.propertyFormat
    ? checkPropertyFormat(rules.propertyFormat, text, path)
    : rules.format
      ? (checkPropertyFormat(rules.format, text, path) ?? checkNamedFormat(rules.format, text))
      : undefined;
  if (formatProblem) return { rule: 'format', message: `invalid format - ${formatProblem}` };

  if (rules.pattern && !compiled(rules.pattern, rules.patternFlags).test(text)) {
    return { rule: 'pattern', message: 'value does not match the regex pattern' };
  }
  const length = [...text].length;
  if (rules.maxLength !== undefined && length > rules.maxLength) {
    return { rule: 'length', message: `value may only be ${rules.maxLength} characters long` };
  }
  if (rules.minLength !== undefined && length < rules.minLength) {
    return { rule: 'length', message: `value must be at least ${rules.minLength} characters long` };
  }
  if (IS_NUMBER.test(text)) {
    const number = Number(text);
    if (rules.maximum !== undefined && number > rules.maximum) {
      return { rule: 'range', message: `value must have a maximum value of ${rules.maximum}` };
    }
    if (rules.minimum !== undefined && number < rules.minimum) {
      return { rule: 'range', message: `value must have a minimum value of ${rules.minimum}` };
    }
  }
  if (rules.enum && !rules.enum.includes(text)) {
    return {
      rule: 'enum',
      message:
        `value '${text}' does not have a value in the enumeration ` + `'${rules.enum.join(', ')}'`,
    };
  }
  return undefined;
}
