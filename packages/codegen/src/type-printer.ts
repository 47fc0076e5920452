import type { EndpointSpec, ValueSpec } from 'pvekit';
import { indexedBase, indexedMax } from './indexed.js';
import { propertyKey, quote } from './literal.js';

/** `in`: what a caller may send; `out`: what the client hands back after lenient decoding. */
export type Direction = 'in' | 'out';

export interface TypeContext {
  readonly direction: Direction;
  /** The endpoint's path, which decides the range of numbered keys. */
  readonly path: string;
  /** Highest indexes used, so the module declares `Index0to<N>` once for each. */
  readonly indexMaxima: Set<number>;
}

export function indexTypeName(max: number): string {
  return `Index0to${max}`;
}

export function printType(spec: ValueSpec, ctx: TypeContext, indent: number): string {
  if (spec.enum !== undefined && spec.enum.length > 0) {
    const literals = spec.enum.map((value) =>
      spec.type === 'integer' || spec.type === 'number' ? value : quote(value),
    );
    const flat = literals.join(' | ');
    // Long unions go one member per line, the way formatters print them.
    if (indent + flat.length <= 70) return flat;
    const pad = ' '.repeat(indent + 4);
    return literals.map((literal) => `\n${pad}| ${literal}`).join('');
  }
  switch (spec.type) {
    case 'string':
      return ctx.direction === 'in' && spec.format?.endsWith('-list') === true
        ? 'string | readonly string[]'
        : 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = spec.items === undefined ? 'unknown' : printType(spec.items, ctx, indent);
      const element = /[|&]/.test(item) ? `(${item})` : item;
      return ctx.direction === 'in' ? `readonly ${element}[]` : `${element}[]`;
    }
    case 'object':
      return printObject(spec.properties ?? {}, spec.additionalProperties !== false, ctx, indent);
    default:
      return 'unknown';
  }
}

/** An object type; numbered keys (`net[n]`) become a mapped type over their real range. */
export function printObject(
  properties: Readonly<Record<string, ValueSpec>>,
  open: boolean,
  ctx: TypeContext,
  indent: number,
): string {
  const pad = ' '.repeat(indent + 2);
  const lines: string[] = [];
  const mapped: string[] = [];
  for (const [key, spec] of Object.entries(properties)) {
    const base = indexedBase(key);
    const type = printType(spec, ctx, indent + 2);
    if (base === undefined) {
      lines.push(member(pad, key, spec.optional === true, type));
    } else {
      mapped.push(indexedKeys(base, indexedMax(ctx.path, base), type, ctx));
    }
  }
  if (open) lines.push(`${pad}[key: string]: unknown;`);
  const body =
    lines.length === 0 ? 'Record<string, never>' : `{\n${lines.join('\n')}\n${' '.repeat(indent)}}`;
  if (mapped.length === 0) return body;
  return joinIntersection([...(lines.length === 0 ? [] : [body]), ...mapped], indent);
}

export function indexedKeys(base: string, max: number, type: string, ctx: TypeContext): string {
  ctx.indexMaxima.add(max);
  return `{ [K in \`${base}\${${indexTypeName(max)}}\`]?: ${type} }`;
}

/** Parameter object of a call: plain keys, then the numbered ones, open when the API is. */
export function printParams(
  spec: EndpointSpec,
  keys: readonly string[],
  ctx: TypeContext,
  indent: number,
  withIndexed: boolean,
  open: boolean,
): string {
  const inPath = !withIndexed;
  const pad = ' '.repeat(indent + 2);
  const lines = keys.map((key) => {
    const value = spec.params[key] as ValueSpec;
    const type = printType(value, ctx, indent + 2);
    // A path parameter is always required: the URL cannot be built without it, even where
    // the schema marks it optional (`GET /cluster/acme/account/{name}`).
    const optional = value.optional === true && !inPath;
    return member(pad, key, optional, type);
  });
  if (open) lines.push(`${pad}[key: string]: unknown;`);
  const mapped = withIndexed
    ? Object.entries(spec.indexedParams ?? {}).map(([base, indexed]) =>
        indexedKeys(base, indexed.max, printType(indexed.spec, ctx, indent + 2), ctx),
      )
    : [];
  if (lines.length === 0 && mapped.length === 0) return 'NoParams';
  const body = lines.length === 0 ? [] : [`{\n${lines.join('\n')}\n${' '.repeat(indent)}}`];
  return joinIntersection([...body, ...mapped], indent);
}

function member(pad: string, key: string, optional: boolean, type: string): string {
  const separator = type.startsWith('\n') ? ':' : ': ';
  return `${pad}${propertyKey(key)}${optional ? '?' : ''}${separator}${type};`;
}

/** `A & B & C`, one part per line once there is more than one. */
function joinIntersection(parts: readonly string[], indent: number): string {
  return parts.join(` &\n${' '.repeat(indent + 2)}`);
}
