export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

const HTTP_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE'];

export function isHttpMethod(method: string): method is HttpMethod {
  return HTTP_METHODS.includes(method);
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/**
 * Matches `/nodes/pve1/qemu/100` against `/nodes/{node}/qemu/{vmid}`; returns the path
 * parameters (URL-decoded) or undefined.
 */
export function matchTemplate(
  template: string,
  apiPath: string,
): Record<string, string> | undefined {
  const wanted = segments(template);
  const given = segments(apiPath);
  if (wanted.length !== given.length) return undefined;

  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const actual = given[index] ?? '';
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name !== undefined) params[name] = decodeSegment(actual);
    else if (part !== actual) return undefined;
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
