import type { EndpointSpec, ValueSpec } from 'pvekit';
import { paramOfSegment, paramSegmentName, staticSegmentName } from 'pvekit';
import { pathParams } from './emit-routes.js';
import { propertyKey, quote } from './literal.js';

/**
 * A compile-time test over every endpoint: both forms accept the required parameters, agree
 * on the result type, and refuse a call that leaves a required parameter out. `tsc -p
 * packages/client` checks it; an unused `@ts-expect-error` fails the typecheck.
 */
export function emitTypeTest(
  header: string,
  specs: readonly EndpointSpec[],
  imports: { api: string; routes: string },
): string {
  const blocks = specs.map((spec, index) => emitCase(spec, index));
  return [
    header,
    `import type { Api } from '${imports.api}';`,
    `import type { Routes } from '${imports.routes}';`,
    '',
    'type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2',
    '  ? true',
    '  : false;',
    'function expectSame<A, B>(_proof: Same<A, B>): void {}',
    '',
    ...blocks,
  ].join('\n');
}

function emitCase(spec: EndpointSpec, index: number): string {
  const key = quote(`${spec.method} ${spec.path}`);
  const inPath = pathParams(spec.path);
  const required = Object.entries(spec.params).filter(
    ([name, value]) => value.optional !== true && !inPath.includes(name),
  );
  const allArgs = objectLiteral([
    ...inPath.map((name) => [name, spec.params[name] ?? {}] as const),
    ...required,
  ]);
  const restArgs = objectLiteral(required);
  const lines = [
    `export async function endpoint${index}(api: Api): Promise<void> {`,
    `  const viaRoute = await api.call(${key}${allArgs === '' ? '' : `, ${allArgs}`});`,
    `  const viaPath = await ${fluentChain(spec)}(${restArgs});`,
    '  expectSame<typeof viaRoute, typeof viaPath>(true);',
    `  expectSame<typeof viaRoute, Routes[${key}]['result']>(true);`,
  ];
  if (required.length > 0) {
    lines.push(
      '  // @ts-expect-error a required parameter is missing',
      `  await ${fluentChain(spec)}({});`,
    );
  }
  if (inPath.length > 0) {
    lines.push(
      '  // @ts-expect-error the path parameters are missing',
      `  await api.call(${key}, {});`,
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

function fluentChain(spec: EndpointSpec): string {
  let chain = 'api';
  for (const segment of spec.path.split('/').filter(Boolean)) {
    const param = paramOfSegment(segment);
    chain +=
      param === undefined
        ? `.${staticSegmentName(segment)}`
        : `.${paramSegmentName(param)}(${sample(spec.params[param] ?? {})})`;
  }
  return `${chain}.${spec.method.toLowerCase()}`;
}

function objectLiteral(entries: readonly (readonly [string, ValueSpec])[]): string {
  if (entries.length === 0) return '';
  const members = entries.map(([name, value]) => `${propertyKey(name)}: ${sample(value)}`);
  return `{ ${members.join(', ')} }`;
}

/** A value of the right type; patterns do not matter to the compiler. */
function sample(spec: ValueSpec): string {
  if (spec.enum !== undefined && spec.enum.length > 0) {
    const first = spec.enum[0] as string;
    return spec.type === 'integer' || spec.type === 'number' ? first : quote(first);
  }
  switch (spec.type) {
    case 'integer':
    case 'number':
      return '1';
    case 'boolean':
      return 'true';
    case 'array':
      return '[]';
    case 'object':
      return '{}';
    default:
      return "'x'";
  }
}
