import type { EndpointSpec } from 'pvekit';
import { quote } from './literal.js';
import { indexTypeName, printParams, printType, type TypeContext } from './type-printer.js';

/** Path parameters of a template, in order: `/nodes/{node}/qemu/{vmid}` → node, vmid. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
}

/**
 * The type-only module: `Routes`, one entry per endpoint with `path` (the parameters in
 * the URL), `params` (the others) and `result` (after lenient decoding).
 */
export function emitRoutes(header: string, specs: readonly EndpointSpec[]): string {
  const indexMaxima = new Set<number>();
  const entries = specs.map((spec) => emitEntry(spec, indexMaxima));
  const indexTypes = [...indexMaxima]
    .sort((a, b) => a - b)
    .map((max) => {
      const members = Array.from({ length: max + 1 }, (_, index) => index);
      return `export type ${indexTypeName(max)} =\n${wrapUnion(members.map(String), '  | ')};`;
    });
  return [
    header,
    '/** The id of a worker task, as task-starting calls return it. */',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source, not a template
    'export type Upid = `UPID:${string}`;',
    '',
    '/** The parameter object of a call that takes none. */',
    'export interface NoParams {',
    '  readonly [key: string]: never;',
    '}',
    '',
    ...indexTypes.flatMap((type) => [type, '']),
    'export interface Routes {',
    ...entries,
    '}',
    '',
  ].join('\n');
}

function emitEntry(spec: EndpointSpec, indexMaxima: Set<number>): string {
  const input: TypeContext = { direction: 'in', path: spec.path, indexMaxima };
  const output: TypeContext = { direction: 'out', path: spec.path, indexMaxima };
  const inPath = pathParams(spec.path);
  const rest = Object.keys(spec.params).filter((key) => !inPath.includes(key));
  const path = printParams(spec, inPath, input, 4, false, false);
  const params = printParams(spec, rest, input, 4, true, spec.additionalParams);
  let result = spec.returnsUpid === true ? 'Upid' : printType(spec.returns, output, 4);
  if (spec.returns.optional === true && result !== 'unknown') result += ' | null';
  const key = quote(`${spec.method} ${spec.path}`);
  return [
    `  ${key}: {`,
    `    path: ${path};`,
    `    params: ${params};`,
    `    args: ${routeArgs(spec, key, path, params)};`,
    `    result: ${result};`,
    '  };',
  ].join('\n');
}

function wrapUnion(members: readonly string[], lead: string): string {
  const lines: string[] = [];
  let line = '';
  for (const member of members) {
    const piece = line === '' ? `${lead}${member}` : ` | ${member}`;
    if (line.length + piece.length > 98) {
      lines.push(line);
      line = `${lead}${member}`;
    } else line += piece;
  }
  lines.push(line);
  return lines.join('\n');
}

/**
 * The parameter tuple of the route form, spelled out so the compiler resolves a call by one
 * indexed access instead of a conditional type over all routes.
 */
function routeArgs(spec: EndpointSpec, key: string, path: string, params: string): string {
  const required =
    path !== 'NoParams' || Object.entries(spec.params).some(([, value]) => value.optional !== true);
  const parts = [
    ...(path === 'NoParams' ? [] : [`Routes[${key}]['path']`]),
    ...(params === 'NoParams' ? [] : [`Routes[${key}]['params']`]),
  ];
  const label = required ? 'params: ' : 'params?: ';
  const type = parts.length === 0 ? 'NoParams' : parts.join(' & ');
  // `    args: [` is 11 columns and `];` closes the line.
  if (11 + label.length + type.length + 2 <= 100) return `[${label}${type}]`;
  return `[\n      ${label}${parts.join(' &\n        ')},\n    ]`;
}
