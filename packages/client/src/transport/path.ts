import { ProxmoxPathError } from '../errors/usage.js';
import type { Params, ParamValue } from './params.js';

export interface ResolvedPath {
  /** The path with every `{name}` replaced by its percent-encoded value. */
  readonly path: string;
  /** The parameters that were not used by a placeholder. */
  readonly rest: Params;
}

const PLACEHOLDER = /^\{([A-Za-z0-9_-]+)\}$/;

/**
 * Fills `{name}` placeholders from `params` and checks the result. A `..` or `.` segment, an
 * empty segment (`//`) or a query string is refused before anything is sent.
 */
export function resolvePath(template: string, params: Params = {}): ResolvedPath {
  const withSlash = template.startsWith('/') ? template : `/${template}`;
  const trimmed = withSlash.length > 1 ? withSlash.replace(/\/$/, '') : withSlash;
  if (trimmed.includes('?') || trimmed.includes('#')) {
    throw new ProxmoxPathError(template, 'contains a query string; pass parameters as params');
  }

  const used = new Set<string>();
  const segments = (trimmed === '/' ? [] : trimmed.split('/')).slice(1).map((segment) => {
    const name = PLACEHOLDER.exec(segment)?.[1];
    if (name === undefined) return checkLiteral(template, segment);
    used.add(name);
    return encodePlaceholder(template, name, params[name]);
  });

  const rest = Object.fromEntries(Object.entries(params).filter(([key]) => !used.has(key)));
  return { path: `/${segments.join('/')}`, rest };
}

function checkLiteral(template: string, segment: string): string {
  if (segment === '') {
    throw new ProxmoxPathError(template, "has an empty segment ('//'); remove the extra '/'");
  }
  if (segment === '..' || segment === '.') {
    throw new ProxmoxPathError(template, `has a '${segment}' segment; write the path out in full`);
  }
  if (segment.includes('{') || segment.includes('}')) {
    throw new ProxmoxPathError(template, `has a malformed placeholder '${segment}'; use {name}`);
  }
  return segment;
}

function encodePlaceholder(template: string, name: string, value: ParamValue): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new ProxmoxPathError(
      template,
      `needs parameter '${name}' as a string or number (got ${describe(value)})`,
    );
  }
  const text = String(value);
  if (text === '' || text === '.' || text === '..') {
    throw new ProxmoxPathError(template, `parameter '${name}' may not be '${text}'`);
  }
  return encodeURIComponent(text);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value;
}
