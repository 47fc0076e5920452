import type { EndpointSpec, IndexedParamSpec, ValueSpec, ValueType } from 'pvekit';
import type { FormatCatalog } from './formats.js';
import { indexedBase, indexedMax } from './indexed.js';
import { perlPatternToJs } from './perl-pattern.js';
import { returnsUpid } from './upid.js';
import type { RawEndpoint, RawSchema } from './walk.js';

const VALUE_TYPES = new Set<string>(['string', 'integer', 'number', 'boolean', 'array', 'object']);

export function toEndpointSpec(endpoint: RawEndpoint, formats: FormatCatalog): EndpointSpec {
  const { info } = endpoint;
  const params: Record<string, ValueSpec> = {};
  const indexedParams: Record<string, IndexedParamSpec> = {};
  for (const [key, raw] of sortedEntries(info.parameters?.properties)) {
    const base = indexedBase(key);
    const spec = toValueSpec(raw, formats);
    if (base === undefined) params[key] = spec;
    else indexedParams[base] = { max: indexedMax(endpoint.path, base), spec };
  }
  return {
    method: endpoint.method,
    path: endpoint.path,
    name: info.name ?? '',
    params,
    ...(Object.keys(indexedParams).length > 0 ? { indexedParams } : {}),
    additionalParams: info.parameters?.additionalProperties !== 0,
    returns: info.returns === undefined ? {} : toValueSpec(info.returns, formats),
    ...(info.permissions !== undefined ? { permissions: stripProse(info.permissions) } : {}),
    allowtoken: info.allowtoken === 1,
    protected: info.protected === 1,
    ...(typeof info.proxyto === 'string' ? { proxyto: info.proxyto } : {}),
    ...(returnsUpid(endpoint) ? { returnsUpid: true } : {}),
  };
}

/**
 * Facts only: no description, typetext or format_description survives. Numbered keys in
 * result objects stay as `name[n]` in `properties`; readers match `net3` against `net[n]`.
 */
export function toValueSpec(raw: RawSchema, formats: FormatCatalog): ValueSpec {
  const spec: { -readonly [K in keyof ValueSpec]: ValueSpec[K] } = {};
  if (raw.type === 'null') spec.type = 'null';
  else if (raw.type !== undefined && VALUE_TYPES.has(raw.type)) spec.type = raw.type as ValueType;
  if (raw.optional === 1 || raw.optional === true) spec.optional = true;
  if (Array.isArray(raw.enum)) spec.enum = raw.enum.map(String);
  copyNumber(raw, spec, 'minimum');
  copyNumber(raw, spec, 'maximum');
  copyNumber(raw, spec, 'minLength');
  copyNumber(raw, spec, 'maxLength');
  if (typeof raw.pattern === 'string') {
    const converted = perlPatternToJs(raw.pattern);
    spec.pattern = converted.source;
    if (converted.flags !== '') spec.patternFlags = converted.flags;
  }
  addFormat(raw, spec, formats);
  const fallback = defaultValue(raw);
  if (fallback !== undefined) spec.default = fallback;
  if (typeof raw.requires === 'string') spec.requires = raw.requires;
  // Limitation: `oneOf` alternatives (SDN fabrics, chosen by `type-property`) are not kept;
  // such a value keeps its outer type only, so its items are neither typed nor validated.
  if (raw.items !== undefined) spec.items = toValueSpec(raw.items, formats);
  if (raw.properties !== undefined) {
    const properties: Record<string, ValueSpec> = {};
    for (const [key, value] of sortedEntries(raw.properties)) {
      properties[key] = toValueSpec(value, formats);
    }
    spec.properties = properties;
  }
  if (raw.additionalProperties === 0 || raw.additionalProperties === false) {
    spec.additionalProperties = false;
  } else if (raw.additionalProperties === 1 || raw.additionalProperties === true) {
    spec.additionalProperties = true;
  }
  return spec;
}

function addFormat(
  raw: RawSchema,
  spec: { format?: string; propertyFormat?: string },
  formats: FormatCatalog,
) {
  if (typeof raw.format === 'string') {
    spec.format = raw.format;
    if (formats.specs[raw.format] !== undefined) spec.propertyFormat = raw.format;
  } else if (raw.format !== undefined && raw.format !== null) {
    spec.propertyFormat = formats.idOf(raw.format);
  }
}

function copyNumber(
  raw: RawSchema,
  spec: Partial<Record<'minimum' | 'maximum' | 'minLength' | 'maxLength', number>>,
  key: 'minimum' | 'maximum' | 'minLength' | 'maxLength',
) {
  // Perl writes some bounds as strings (`minimum => '0'`), and the schema keeps them so.
  const value: unknown = raw[key];
  if (typeof value === 'number') spec[key] = value;
  else if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) spec[key] = Number(value);
}

/** Booleans are 0/1 in the schema; a boolean default reads better as true/false. */
function defaultValue(raw: RawSchema): string | number | boolean | undefined {
  const value = raw.default;
  if (raw.type === 'boolean' && (value === 0 || value === 1)) return value === 1;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return undefined;
}

const PROSE_KEYS = new Set([
  'description',
  'verbose_description',
  'format_description',
  'typetext',
]);

/** The permission check tree, with the prose Proxmox puts beside it removed. */
function stripProse(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripProse);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of sortedEntries(value as Record<string, unknown>)) {
    if (!PROSE_KEYS.has(key)) result[key] = stripProse(inner);
  }
  return result;
}

export function sortedEntries<T>(record: Readonly<Record<string, T>> | undefined): [string, T][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
