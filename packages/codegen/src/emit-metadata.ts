import type { EndpointSpec } from 'pvekit';
import { printLiteral, quote } from './literal.js';

/** The runtime metadata module: `'METHOD /path'` → EndpointSpec, loaded lazily by the client. */
export function emitEndpoints(
  header: string,
  specs: readonly EndpointSpec[],
  specImport: string,
): string {
  const lines = [
    header,
    `import type { EndpointSpec } from '${specImport}';`,
    '',
    'export const endpoints: Readonly<Record<string, EndpointSpec>> = {',
  ];
  for (const spec of specs) {
    const key = `${quote(`${spec.method} ${spec.path}`)}: `;
    lines.push(`  ${key}${printLiteral(spec, 2, key.length)},`);
  }
  lines.push('};', '');
  return lines.join('\n');
}

/** The route keys alone: small enough to load eagerly, they shape the fluent surface. */
export function emitRouteList(header: string, specs: readonly EndpointSpec[]): string {
  const lines = [header, 'export const routeList: readonly string[] = ['];
  for (const spec of specs) lines.push(`  ${quote(`${spec.method} ${spec.path}`)},`);
  lines.push('];', '');
  return lines.join('\n');
}
