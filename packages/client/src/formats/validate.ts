/**
 * Parameter validation as Proxmox does it before a handler runs (pve-common `JSONSchema.pm`
 * `validate` → `check_prop` / `check_object`): the same checks, in the same order, with the
 * same messages, keyed the same way. The client may run it before sending; the simulator
 * answers its 400 "Parameter verification failed." with the map it returns.
 */
import type { EndpointSpec, ValueSpec } from '../metadata/spec.js';
import { checkScalar } from './check.js';
import { checkNestedFormat } from './codec.js';

type Errors = Record<string, string>;

function addError(errors: Errors, path: string, message: string): void {
  const key = path || '_root';
  errors[key] = errors[key] === undefined ? message : `${errors[key]}\n${message}`;
}

/**
 * The per-parameter errors of a 400, or `undefined` when Proxmox would accept the call.
 * Values may be wire text (`'1'`, `'100'`) or JS values (`true`, `100`, arrays for lists).
 * Messages are Proxmox's byte for byte, so format errors end in a newline as they do there.
 */
export function validateParameters(
  endpoint: EndpointSpec,
  params: Readonly<Record<string, unknown>>,
): Record<string, string> | undefined {
  const properties = expandIndexed(endpoint);
  const normalised = normaliseLegacyForms(properties, params);
  const errors: Errors = {};
  checkObject('', properties, normalised, endpoint.additionalParams, errors);
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** `net[n]` with max 31 → `net0` … `net31`, each its own parameter, as on the server. */
function expandIndexed(endpoint: EndpointSpec): Record<string, ValueSpec> {
  const properties: Record<string, ValueSpec> = { ...endpoint.params };
  for (const [base, indexed] of Object.entries(endpoint.indexedParams ?? {})) {
    for (let index = 0; index <= indexed.max; index++) properties[`${base}${index}`] = indexed.spec;
  }
  return properties;
}

/**
 * pve-common `RESTHandler.pm` normalises before validating: an array sent for a `*-list`
 * string is joined with commas, a single value sent for an array is wrapped.
 */
function normaliseLegacyForms(
  properties: Readonly<Record<string, ValueSpec>>,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...params };
  for (const [name, value] of Object.entries(params)) {
    const spec = Object.hasOwn(properties, name) ? properties[name] : undefined;
    if (!spec || value === undefined || value === null) continue;
    if (Array.isArray(value) && spec.type === 'string' && spec.format?.endsWith('-list')) {
      result[name] = value.join(',');
    } else if (!Array.isArray(value) && spec.type === 'array') {
      result[name] = [value];
    }
  }
  return result;
}

function checkObject(
  path: string,
  properties: Readonly<Record<string, ValueSpec>>,
  value: Readonly<Record<string, unknown>>,
  additionalProperties: boolean | undefined,
  errors: Errors,
): void {
  const child = (key: string): string => (path ? `${path}.${key}` : key);
  for (const [key, spec] of Object.entries(properties)) {
    checkProp(Object.hasOwn(value, key) ? value[key] : undefined, spec, child(key), errors);
  }
  for (const key of Object.keys(value)) {
    if (value[key] === undefined || value[key] === null) continue;
    const spec = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (spec) {
      const requires = spec.requires;
      if (requires !== undefined && (value[requires] === undefined || value[requires] === null)) {
        addError(
          errors,
          child(requires),
          `missing property - '${child(key)}' requires this property`,
        );
      }
      continue;
    }
    if (additionalProperties === false) {
      addError(
        errors,
        child(key),
        'property is not defined in schema and the schema does not allow additional properties',
      );
    }
  }
}

function checkProp(value: unknown, spec: ValueSpec, path: string, errors: Errors): void {
  if (value === undefined || value === null) {
    if (spec.type === 'null') return;
    if (!spec.optional) addError(errors, path, 'property is missing and it is not optional');
    return;
  }
  if (Array.isArray(value) && spec.type !== undefined && spec.type !== 'array') {
    addError(errors, path, `type check ('${spec.type}') failed - got ARRAY`);
    return;
  }
  if (Array.isArray(value)) {
    if (spec.items) {
      const items = spec.items;
      for (const [index, item] of value.entries()) {
        checkProp(item, items, `${path}[${index}]`, errors);
      }
    }
    return;
  }
  if (typeof value === 'object') {
    if (spec.type !== undefined && spec.type !== 'object') {
      addError(errors, path, `type check ('${spec.type}') failed - got HASH`);
    } else if (spec.properties || spec.additionalProperties !== undefined) {
      const record = value as Readonly<Record<string, unknown>>;
      checkObject(path, spec.properties ?? {}, record, spec.additionalProperties, errors);
    }
    return;
  }
  const violation = checkScalar(spec, value, path, checkNestedFormat);
  if (violation) addError(errors, path, violation.message);
}
