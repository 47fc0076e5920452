/**
 * The named formats a schema refers to, with the `typetext` its parameters carry, in the shape
 * of `named-formats-*.json`. A node's own schema thus describes its named hash formats, and
 * `pvekit codegen` needs nothing beside it. The typetext is read, never written out.
 */
export function namedFormatsFromSchema(schema: unknown): Record<string, { typetext: string[] }> {
  const found = new Map<string, Set<string>>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.format === 'string') {
      const typetexts = found.get(record.format) ?? new Set<string>();
      if (typeof record.typetext === 'string') typetexts.add(record.typetext);
      found.set(record.format, typetexts);
    }
    for (const inner of Object.values(record)) visit(inner);
  };
  visit(schema);
  const result: Record<string, { typetext: string[] }> = {};
  for (const name of [...found.keys()].sort()) {
    result[name] = { typetext: [...(found.get(name) ?? [])].sort() };
  }
  return result;
}
