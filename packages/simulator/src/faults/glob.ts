/**
 * Path patterns of faults. A string is a glob over the API path below `/api2/json` (or over
 * the full URL path): `*` stands for any run of characters within one path segment, `**` for
 * any run across segments; without wildcards it must equal the path. A RegExp is tested
 * against the API path.
 */
export type PathPattern = string | RegExp;

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** The RegExp a glob stands for, anchored at both ends. */
export function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('**')
    .map((part) => part.split('*').map(escapeRegExp).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

export function compilePattern(pattern: PathPattern | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  return typeof pattern === 'string' ? globToRegExp(pattern) : pattern;
}

export function patternMatches(
  compiled: RegExp | undefined,
  apiPath: string,
  urlPath: string,
): boolean {
  if (compiled === undefined) return true;
  // A RegExp with the global or sticky flag keeps state between tests; start afresh each time.
  compiled.lastIndex = 0;
  if (compiled.test(apiPath)) return true;
  compiled.lastIndex = 0;
  return compiled.test(urlPath);
}
