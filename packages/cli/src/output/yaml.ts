/**
 * YAML for JSON data (what the API returns): block mappings and sequences, strings quoted
 * where a plain scalar would be read back as something else.
 */
export function toYaml(value: unknown): string {
  return `${lines(value, 0).join('\n')}\n`;
}

function lines(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => entry(`${pad}-`, item, indent + 2));
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return [`${pad}{}`];
    return keys.flatMap((key) => entry(`${pad}${scalar(key)}:`, value[key], indent + 2));
  }
  return [`${pad}${scalar(value)}`];
}

function entry(head: string, value: unknown, indent: number): string[] {
  const nested = (Array.isArray(value) || isObject(value)) && Object.keys(value).length > 0;
  if (!nested) return [`${head} ${lines(value, 0)[0]}`];
  if (head.trimStart() === '-') {
    // A mapping in a sequence starts on the dash's line.
    const [first = '', ...rest] = lines(value, indent);
    return [`${head} ${first.trimStart()}`, ...rest];
  }
  return [head, ...lines(value, indent)];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value);
  const plain =
    /^[A-Za-z_./][\w ./@:()-]*$/.test(text) &&
    !/[ :]$/.test(text) &&
    !text.includes(': ') &&
    !text.includes(' #') &&
    !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(text);
  return plain ? text : JSON.stringify(text);
}
