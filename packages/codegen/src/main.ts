/**
 * Regenerates the committed modules of this repository from `../shared/pve-api`:
 *   npm run codegen [-- --schema <file>] [--named-formats <file>]
 * Users generate for their own node with `pvekit codegen` instead.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { schemaLabelOf } from './generate.js';
import { loadSchema } from './schema-source.js';
import { buildModules, writeModules } from './write.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_API = path.resolve(REPO_ROOT, '../shared/pve-api');
export const GENERATED_DIR = path.join(REPO_ROOT, 'packages/client/src/generated');
export const TYPE_TEST_FILE = path.join(REPO_ROOT, 'packages/client/test/api-types.gen.ts');

/** The options that make the committed output; the drift test uses the same ones. */
export const REPO_BUILD = {
  imports: { spec: '../metadata/spec.js', api: '../api/verb.js' },
  typeTest: { api: '../src/api/types.js', routes: '../src/generated/routes.gen.js' },
} as const;

export async function buildRepoModules(schemaFile: string, namedFormatsFile: string) {
  const schema = await loadSchema(schemaFile);
  const namedFormats: unknown = JSON.parse(await readFile(namedFormatsFile, 'utf8'));
  const version = schemaLabelOf(schemaFile).replace(/^Proxmox VE /, '');
  return buildModules(schema, { version, namedFormats, ...REPO_BUILD });
}

async function main() {
  const { values } = parseArgs({
    options: {
      schema: { type: 'string', default: path.join(SHARED_API, 'schema-9.1.json') },
      'named-formats': { type: 'string', default: path.join(SHARED_API, 'named-formats-9.1.json') },
    },
  });
  const built = await buildRepoModules(values.schema, values['named-formats']);
  const written = await writeModules(built.files, GENERATED_DIR, {
    'api-types.gen.ts': TYPE_TEST_FILE,
  });
  console.log(`${built.endpoints.length} endpoints; wrote ${written.length} files:`);
  for (const file of written) console.log(`  ${path.relative(REPO_ROOT, file)}`);
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  await main();
}
