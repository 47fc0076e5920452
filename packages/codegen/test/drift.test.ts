import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRepoModules, GENERATED_DIR, SHARED_API, TYPE_TEST_FILE } from '../src/main.js';

// The committed generated modules must be exactly what the generator makes from the schema.
const schemaFile = path.join(SHARED_API, 'schema-9.1.json');
const namedFormatsFile = path.join(SHARED_API, 'named-formats-9.1.json');
const present = existsSync(schemaFile) && existsSync(namedFormatsFile);
if (!present) {
  console.log(`codegen drift test skipped: ${SHARED_API} is absent (it lives beside the repo)`);
}

describe.skipIf(!present)('generated modules against schema-9.1.json', () => {
  it('match the committed files byte for byte (run `npm run codegen` after a change)', async () => {
    const built = await buildRepoModules(schemaFile, namedFormatsFile);
    expect(built.endpoints).toHaveLength(649);
    for (const [name, content] of Object.entries(built.files)) {
      const file = name === 'api-types.gen.ts' ? TYPE_TEST_FILE : path.join(GENERATED_DIR, name);
      expect(await readFile(file, 'utf8'), `${name} differs from the generator's output`).toBe(
        content,
      );
    }
  });

  it('write no prose from the schema: no description, format description or typetext', async () => {
    const schema: unknown = JSON.parse(await readFile(schemaFile, 'utf8'));
    const built = await buildRepoModules(schemaFile, namedFormatsFile);
    const output = Object.values(built.files).join('\n');
    const prose = proseOf(schema).filter((text) => text.length >= 25);
    expect(prose.length).toBeGreaterThan(1000);
    expect(prose.filter((text) => output.includes(text))).toEqual([]);
  });
});

const PROSE_KEYS = new Set([
  'description',
  'verbose_description',
  'format_description',
  'typetext',
]);

function proseOf(value: unknown, found = new Set<string>()): string[] {
  if (Array.isArray(value)) for (const item of value) proseOf(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (PROSE_KEYS.has(key) && typeof inner === 'string') found.add(inner);
      else proseOf(inner, found);
    }
  }
  return [...found];
}
