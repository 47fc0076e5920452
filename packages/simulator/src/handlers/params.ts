import { parameterError } from '../router/http-error.js';
import type { Params } from '../router/params.js';

// Typed readers for handlers. The router has already validated every parameter against the
// schema, so these mostly turn wire text (`'1'`, `'100'`) and JSON values into one JS type.

export function stringParam(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  throw parameterError({ [name]: `type check ('string') failed - got '${String(value)}'` });
}

export function booleanParam(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (value === true || value === 1 || value === '1') return true;
  if (value === false || value === 0 || value === '0') return false;
  throw parameterError({ [name]: `type check ('boolean') failed - got '${String(value)}'` });
}

/** A `-list` parameter: one string split at commas, semicolons or spaces, or a JSON array. */
export function listParam(params: Params, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value.map(String) : String(value).split(/[\s,;\0]+/);
  return items.filter((item) => item !== '');
}

export function requiredString(params: Params, name: string): string {
  const value = stringParam(params, name);
  if (value === undefined || value === '') {
    throw parameterError({ [name]: 'property is missing and it is not optional' });
  }
  return value;
}

export function integerParam(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^-?\d+$/.test(text)) {
    throw parameterError({ [name]: `type check ('integer') failed - got '${text}'` });
  }
  return Number(text);
}
