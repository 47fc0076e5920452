/**
 * The property-string format collector: finds every inline `format` object in a Proxmox API
 * schema, gives each distinct one a stable readable id, adds the named hash formats the
 * schema only names, and renders `packages/client/src/generated/formats.gen.ts`.
 * Facts only: descriptions, format descriptions and typetext never reach the output.
 */
import type { PropertyEntrySpec, PropertyFormatSpec, PropertyKeySpec } from 'pvekit';
import { booleanDefault, namedHashFormatSpecs } from './named-formats.js';
import { perlPatternToJs } from './perl-pattern.js';

export interface FormatCatalog {
  readonly specs: Record<string, PropertyFormatSpec>;
  /** The id of an inline `format` object found on a parameter or return property. */
  idOf(inlineFormat: object): string;
}

type Json = Record<string, unknown>;

interface Sighting {
  readonly name: string;
  readonly path: string;
  readonly format: Json;
}

export function collectFormats(schema: unknown, namedFormats: unknown): FormatCatalog {
  const sightings = findInlineFormats(schema);
  const specs: Record<string, PropertyFormatSpec> = {};
  const idByShape = new Map<string, string>();

  const distinct: { spec: PropertyFormatSpec; candidates: string[] }[] = [];
  for (const { name, path, format } of sightings) {
    const spec = inlineFormatToSpec(format);
    const shape = JSON.stringify(spec);
    if (idByShape.has(shape)) continue;
    idByShape.set(shape, '');
    distinct.push({ spec, candidates: idCandidates(name, path) });
  }
  // A short id only when one format alone claims it, so ids do not depend on schema order.
  const claims = new Map<string, number>();
  for (const { candidates } of distinct) {
    const [short = ''] = candidates;
    claims.set(short, (claims.get(short) ?? 0) + 1);
  }
  for (const { spec, candidates } of distinct) {
    const [short = '', long = short] = candidates;
    let id = claims.get(short) === 1 ? short : long;
    for (let n = 2; id in specs; n++) id = `${long}-${n}`;
    specs[id] = spec;
    idByShape.set(JSON.stringify(spec), id);
  }
  for (const [name, spec] of Object.entries(namedHashFormatSpecs(namedFormats))) {
    if (specs[name]) throw new Error(`named format '${name}' clashes with an inline format id`);
    specs[name] = spec;
  }

  return {
    specs: sortById(specs),
    idOf(inlineFormat: object): string {
      const shape = JSON.stringify(inlineFormatToSpec(inlineFormat as Json));
      const id = idByShape.get(shape);
      if (id === undefined) {
        throw new Error(`inline format not found in the schema: keys ${Object.keys(inlineFormat)}`);
      }
      return id;
    },
  };
}

/** Parameters of every endpoint first, then returns, so parameters get the plain ids. */
function findInlineFormats(schema: unknown): Sighting[] {
  const params: Sighting[] = [];
  const returns: Sighting[] = [];
  const visitNode = (node: Json): void => {
    const path = typeof node.path === 'string' ? node.path : '';
    const info = isObject(node.info) ? node.info : {};
    for (const method of Object.values(info)) {
      if (!isObject(method)) continue;
      if (isObject(method.parameters)) collectFrom('', method.parameters, path, params);
      if (isObject(method.returns)) collectFrom('', method.returns, path, returns);
    }
    if (Array.isArray(node.children)) node.children.filter(isObject).forEach(visitNode);
  };
  if (!Array.isArray(schema)) throw new Error('schema: expected the array of API tree roots');
  schema.filter(isObject).forEach(visitNode);
  return [...params, ...returns];
}

function collectFrom(name: string, value: Json, path: string, out: Sighting[]): void {
  if (isObject(value.format)) out.push({ name, path, format: value.format });
  if (isObject(value.properties)) {
    for (const [key, sub] of Object.entries(value.properties)) {
      if (isObject(sub)) collectFrom(key, sub, path, out);
    }
  }
  if (isObject(value.items)) collectFrom(name, value.items, path, out);
  if (isObject(value.additionalProperties)) {
    collectFrom(name, value.additionalProperties, path, out);
  }
  if (Array.isArray(value.oneOf)) {
    for (const alternative of value.oneOf.filter(isObject)) {
      // A `oneOf` picks its variant by `instance-types` (`openfabric`, `ospf`): name it so.
      const types = alternative['instance-types'];
      const variant = Array.isArray(types) ? [name, ...types.map(String)].join('-') : name;
      collectFrom(variant, alternative, path, out);
    }
  }
}

/**
 * `net[n]` on `/nodes/{node}/qemu` → `qemu-net`. Where several formats share that short id,
 * each takes its longer path instead (`qemu-config-scsi`, `mapping-pci-map`).
 */
function idCandidates(name: string, path: string): [string, string] {
  const base = name.replace(/\[n\]$/, '') || 'value';
  const segments = path.split('/').filter((segment) => segment && !segment.startsWith('{'));
  const [first = 'api', second] = segments;
  let family = first;
  if (first === 'nodes') family = second && second !== 'config' ? second : 'node';
  else if (first === 'cluster' && segments.length > 2 && second) family = second;
  const scoped = segments.filter((segment) => segment !== 'nodes' && segment !== 'cluster');
  return [`${family}-${base}`, [...scoped, base].join('-')];
}

export function inlineFormatToSpec(format: Json): PropertyFormatSpec {
  const keys: Record<string, PropertyEntrySpec> = {};
  for (const name of Object.keys(format).sort()) {
    const entry = format[name];
    if (!isObject(entry)) throw new Error(`format key '${name}': expected an object`);
    keys[name] = schemaKeyToEntry(entry);
  }
  return { keys };
}

function schemaKeyToEntry(entry: Json): PropertyEntrySpec {
  if (typeof entry.alias === 'string') {
    return typeof entry.keyAlias === 'string'
      ? { alias: entry.alias, keyAlias: entry.keyAlias }
      : { alias: entry.alias };
  }
  const spec: { -readonly [K in keyof PropertyKeySpec]: PropertyKeySpec[K] } = {
    type: keyType(entry.type),
  };
  if (entry.optional) spec.optional = true;
  if (entry.default_key) spec.defaultKey = true;
  if (Array.isArray(entry.enum)) spec.enum = entry.enum.map(String);
  if (isNumeric(entry.minimum)) spec.minimum = Number(entry.minimum);
  if (isNumeric(entry.maximum)) spec.maximum = Number(entry.maximum);
  if (isNumeric(entry.minLength)) spec.minLength = Number(entry.minLength);
  if (isNumeric(entry.maxLength)) spec.maxLength = Number(entry.maxLength);
  if (typeof entry.pattern === 'string') {
    const { source, flags } = perlPatternToJs(entry.pattern);
    spec.pattern = source;
    if (flags) spec.patternFlags = flags;
  }
  if (typeof entry.format === 'string') spec.format = entry.format;
  if (isScalar(entry.default)) spec.default = booleanDefault(spec.type, entry.default);
  if (typeof entry.requires === 'string') spec.requires = entry.requires;
  return spec;
}

function keyType(type: unknown): PropertyKeySpec['type'] {
  if (type === 'integer' || type === 'number' || type === 'boolean') return type;
  // An untyped key is a string to Proxmox: `check_type` passes any scalar.
  return 'string';
}

export function renderFormatsModule(
  specs: Record<string, PropertyFormatSpec>,
  schemaVersion: string,
): string {
  const lines = [
    `// Generated by @pvekit/codegen from the Proxmox VE ${schemaVersion} API schema. Do not edit.`,
    "import type { PropertyFormatSpec } from '../formats/spec.js';",
    '',
    'export const propertyFormats = {',
    ...Object.entries(sortById(specs)).map(
      ([id, spec]) => `  ${renderKey(id)}: ${renderSpec(spec)},`,
    ),
    '} as const satisfies Readonly<Record<string, PropertyFormatSpec>>;',
    '',
    'export type PropertyFormatId = keyof typeof propertyFormats;',
    '',
  ];
  return lines.join('\n');
}

function renderSpec(spec: PropertyFormatSpec): string {
  const keys = Object.entries(spec.keys).map(
    ([name, entry]) => `    ${renderKey(name)}: ${JSON.stringify(entry)},`,
  );
  return `{\n    keys: {\n${keys.map((line) => `  ${line}`).join('\n')}\n    },\n  }`;
}

function renderKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function sortById<T>(record: Record<string, T>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const id of Object.keys(record).sort()) sorted[id] = record[id] as T;
  return sorted;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Perl writes some bounds as strings (`minimum => '0'`); the schema keeps them so. */
function isNumeric(value: unknown): value is number | string {
  return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
