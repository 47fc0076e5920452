import { parameterError } from './http-error.js';
import type { Params } from './params.js';

/**
 * What the schema says about one parameter, the part the simulator checks. The names follow
 * the client's generated metadata (`ValueSpec`), which is meant to replace these hand-written
 * rules once the schema-driven router lands.
 */
export interface ParamRule {
  readonly type: 'string' | 'integer' | 'number' | 'boolean';
  readonly optional?: boolean;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
  /** Another parameter that must be present whenever this one is. */
  readonly requires?: string;
  /** A named format such as `pve-userid-list`. Limitation: formats are not checked. */
  readonly format?: string;
}

export type ParamRules = Readonly<Record<string, ParamRule>>;

export const param = {
  string: (rule: Omit<ParamRule, 'type'> = {}): ParamRule => ({ type: 'string', ...rule }),
  integer: (rule: Omit<ParamRule, 'type'> = {}): ParamRule => ({ type: 'integer', ...rule }),
  number: (rule: Omit<ParamRule, 'type'> = {}): ParamRule => ({ type: 'number', ...rule }),
  boolean: (rule: Omit<ParamRule, 'type'> = {}): ParamRule => ({ type: 'boolean', ...rule }),
};

// Proxmox's wording (pve-common JSONSchema.pm `check_type`, `check_prop`).
function typeProblem(rule: ParamRule, value: unknown): string | undefined {
  const text = String(value);
  const failed = `type check ('${rule.type}') failed - got '${text}'`;
  if (rule.type === 'boolean') {
    return [true, false, 1, 0, '1', '0'].includes(value as never) ? undefined : failed;
  }
  if (rule.type === 'integer' || rule.type === 'number') {
    const shape = rule.type === 'integer' ? /^-?\d+$/ : /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
    if (!shape.test(text)) return failed;
    const number = Number(text);
    if (rule.minimum !== undefined && number < rule.minimum) {
      return `value must have a minimum value of ${rule.minimum}`;
    }
    if (rule.maximum !== undefined && number > rule.maximum) {
      return `value must have a maximum value of ${rule.maximum}`;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) return failed;
  if (rule.maxLength !== undefined && text.length > rule.maxLength) {
    return `value may only be ${rule.maxLength} characters long`;
  }
  if (rule.enum !== undefined && !rule.enum.includes(text)) {
    return `value '${text}' does not have a value in the enumeration '${rule.enum.join(', ')}'`;
  }
  return undefined;
}

// The legacy normaliser joins an array sent to a `-list` string parameter with commas.
function normalized(rule: ParamRule, value: unknown): unknown {
  const isList = rule.type === 'string' && rule.format?.endsWith('-list') === true;
  return isList && Array.isArray(value) ? value.map(String).join(',') : value;
}

/** Checks the merged parameters against the rules; every problem goes into one 400. */
export function validateParams(rules: ParamRules, params: Params, open = false): Params {
  const errors: Record<string, string> = {};
  const checked: Params = {};
  for (const [name, value] of Object.entries(params)) {
    const rule = rules[name];
    if (rule === undefined) {
      if (open) {
        checked[name] = value;
        continue;
      }
      errors[name] =
        'property is not defined in schema and the schema does not allow additional properties';
      continue;
    }
    const cleaned = normalized(rule, value);
    const problem = typeProblem(rule, cleaned);
    if (problem !== undefined) errors[name] = problem;
    checked[name] = cleaned;
  }
  for (const [name, rule] of Object.entries(rules)) {
    if (rule.optional !== true && params[name] === undefined) {
      errors[name] = 'property is missing and it is not optional';
    }
    const needed = rule.requires;
    if (needed !== undefined && params[name] !== undefined && params[needed] === undefined) {
      errors[needed] = `missing property required by '${name}'`;
    }
  }
  if (Object.keys(errors).length > 0) throw parameterError(errors);
  return checked;
}
