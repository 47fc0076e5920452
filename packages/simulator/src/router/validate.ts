import { validateParameters } from 'pvekit/formats';
import type { EndpointSpec, ValueSpec } from 'pvekit/metadata';
import { parameterError } from './http-error.js';
import type { Params } from './params.js';

/** `net[n]` with max 31 stands for `net0` … `net31`. */
function specOf(endpoint: EndpointSpec, name: string): ValueSpec | undefined {
  if (Object.hasOwn(endpoint.params, name)) return endpoint.params[name];
  const numbered = /^(.*\D)(\d+)$/.exec(name);
  if (numbered === null) return undefined;
  const indexed = endpoint.indexedParams?.[numbered[1] ?? ''];
  return indexed !== undefined && Number(numbered[2]) <= indexed.max ? indexed.spec : undefined;
}

/**
 * pve-common `RESTHandler::handle` normalises before validating: an array sent for a `-list`
 * string is joined with commas, a single value sent for an `array` parameter is wrapped.
 * Handlers see the normalised values.
 */
function normalised(endpoint: EndpointSpec, params: Params): Params {
  const result: Params = { ...params };
  for (const [name, value] of Object.entries(params)) {
    const spec = specOf(endpoint, name);
    if (spec === undefined || value === undefined || value === null) continue;
    if (Array.isArray(value) && spec.type === 'string' && spec.format?.endsWith('-list')) {
      result[name] = value.map(String).join(',');
    } else if (!Array.isArray(value) && spec.type === 'array') {
      result[name] = [value];
    }
  }
  return result;
}

/**
 * The endpoint cut down to the parameters that can fail: the ones given (numbered keys resolved
 * to their family's spec) and the required ones. An absent optional parameter is never checked,
 * and a spec like PUT qemu config holds hundreds once `net[n]`… are spelled out, so this keeps
 * validation fast without changing a single answer.
 */
function relevantSpec(endpoint: EndpointSpec, params: Params): EndpointSpec {
  const relevant: Record<string, ValueSpec> = {};
  for (const [name, spec] of Object.entries(endpoint.params)) {
    if (spec.optional !== true) relevant[name] = spec;
  }
  for (const name of Object.keys(params)) {
    const spec = specOf(endpoint, name);
    if (spec !== undefined) relevant[name] = spec;
  }
  const { indexedParams: _all, ...rest } = endpoint;
  return { ...rest, params: relevant };
}

/**
 * Checks the merged parameters against the endpoint's schema, as Proxmox does before any
 * handler runs; every problem goes into one 400 "Parameter verification failed.".
 */
export function checkParameters(endpoint: EndpointSpec, params: Params): Params {
  const checked = normalised(endpoint, params);
  const errors = validateParameters(relevantSpec(endpoint, checked), checked);
  if (errors !== undefined) throw parameterError(errors);
  return checked;
}
