import { ProxmoxPathError } from '../errors/usage.js';
import type { EndpointSpec, ValueSpec } from '../metadata/spec.js';

export interface EncodedCall {
  /** The concrete path: `/nodes/pve1/qemu/100/config`. */
  readonly path: string;
  /** Everything but the path parameters, as Proxmox expects it on the wire. */
  readonly params: Readonly<Record<string, unknown>> | undefined;
}

/** The spec of a parameter, numbered keys (`net3` → `net[n]`) included. */
export function paramSpec(endpoint: EndpointSpec, name: string): ValueSpec | undefined {
  const plain = endpoint.params[name];
  if (plain !== undefined) return plain;
  const match = /^(.*\D)(\d+)$/.exec(name);
  const indexed = match === null ? undefined : endpoint.indexedParams?.[match[1] as string];
  return indexed !== undefined && Number(match?.[2]) <= indexed.max ? indexed.spec : undefined;
}

export function encodeCall(
  endpoint: EndpointSpec,
  params: Readonly<Record<string, unknown>>,
): EncodedCall {
  const inPath = new Set<string>();
  const path = endpoint.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    inPath.add(name);
    const segment = pathSegment(params[name]);
    if (typeof segment === 'string') return segment;
    throw new ProxmoxPathError(endpoint.path, `{${name}}: ${segment.error}`);
  });

  const wire: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || inPath.has(name)) continue;
    wire[name] = encodeValue(paramSpec(endpoint, name), value);
  }
  return { path, params: Object.keys(wire).length > 0 ? wire : undefined };
}

/** One path segment, percent-encoded; `.` and `..` would change the path, so they are refused. */
function pathSegment(value: unknown): string | { error: string } {
  if (value === undefined || value === null || value === '') {
    return { error: `missing: pass it in the parameter object` };
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    return { error: `path parameter must be a string or a number, got ${typeof value}` };
  }
  const text = String(value);
  if (text === '.' || text === '..') return { error: `'${text}' is not allowed in a path` };
  return encodeURIComponent(text);
}

/**
 * Booleans go as 1/0 (form posts refuse `true`, FACTS §5); a `-list` parameter given as an
 * array goes as one comma-joined string, its canonical form.
 */
function encodeValue(spec: ValueSpec | undefined, value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value) && spec?.type === 'string' && spec.format?.endsWith('-list')) {
    return value.map(String).join(',');
  }
  return value;
}
