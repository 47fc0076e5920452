/**
 * Checks an answer's `data` against the `returns` of an endpoint in the raw API schema
 * (schema-9.1.json): types, required properties, enums, array items. Extra properties are
 * allowed, as clients must accept them.
 */
export interface SchemaValue {
  type?: string | string[];
  optional?: number;
  enum?: string[];
  properties?: Record<string, SchemaValue>;
  items?: SchemaValue;
}

// Proxmox's JSON encodes booleans as 1/0 as often as true/false.
function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return value === true || value === false || value === 0 || value === 1;
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true; // `any`, or a type the schema leaves open
  }
}

/** Every mismatch, each as `<path>: <what is wrong>`; empty when the value conforms. */
export function returnsProblems(spec: SchemaValue, value: unknown, path = 'data'): string[] {
  const types = spec.type === undefined ? [] : [spec.type].flat();
  if (types.length > 0 && !types.some((type) => hasType(type, value))) {
    return [`${path}: expected ${types.join('|')}, got ${JSON.stringify(value)}`];
  }
  if (spec.enum !== undefined && typeof value === 'string' && !spec.enum.includes(value)) {
    return [`${path}: '${value}' is not one of ${spec.enum.join(', ')}`];
  }
  if (Array.isArray(value) && spec.items !== undefined) {
    const items = spec.items;
    return value.flatMap((item, index) => returnsProblems(items, item, `${path}[${index}]`));
  }
  if (typeof value === 'object' && value !== null && spec.properties !== undefined) {
    const record = value as Record<string, unknown>;
    return Object.entries(spec.properties).flatMap(([name, property]) => {
      const child = `${path}.${name}`;
      if (record[name] === undefined) return property.optional === 1 ? [] : [`${child}: missing`];
      return returnsProblems(property, record[name], child);
    });
  }
  return [];
}
