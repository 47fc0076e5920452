/** Prints data as a TypeScript literal: single quotes, bare keys where possible, wrapped at 100. */

const WIDTH = 100;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function quote(text: string): string {
  const json = JSON.stringify(text).slice(1, -1);
  return `'${json.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** `indent` is the column the value starts at when it has to break over lines. */
export function printLiteral(value: unknown, indent = 0, prefixLength = 0): string {
  const flat = printFlat(value);
  // One column stays free for the comma that follows a value inside an object or array.
  if (indent + prefixLength + flat.length < WIDTH || !isContainer(value)) return flat;
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) {
    const items = value.map((item) => `${pad}${printLiteral(item, indent + 2)},`);
    return `[\n${items.join('\n')}\n${close}]`;
  }
  const lines = Object.entries(value as Record<string, unknown>).map(([key, inner]) => {
    const head = `${propertyKey(key)}: `;
    return `${pad}${head}${printLiteral(inner, indent + 2, head.length)},`;
  });
  return `{\n${lines.join('\n')}\n${close}}`;
}

function printFlat(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(printFlat).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const members = entries.map(([key, inner]) => `${propertyKey(key)}: ${printFlat(inner)}`);
  return `{ ${members.join(', ')} }`;
}

function isContainer(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
