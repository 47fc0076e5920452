import { readFile } from 'node:fs/promises';
import { schemaLabelOf } from './generate.js';
import { loadSchema, type SchemaSourceOptions } from './schema-source.js';
import { buildModules, writeModules } from './write.js';

/** What `pvekit codegen` asks for: one schema in, the client's modules out. */
export interface UserBuildOptions extends SchemaSourceOptions {
  /** A schema file (JSON or apidoc.js) or a node's base URL (`https://pve1:8006`). */
  readonly schema: string;
  readonly outDir: string;
  /** `named-formats-*.json`; without it the schema's own typetext describes them. */
  readonly namedFormats?: string;
  /** Names the version in the headers; by default taken from `schema-<version>.json`. */
  readonly version?: string;
  /** The module the generated files import pvekit's types from (default `pvekit`). */
  readonly importFrom?: string;
}

export interface UserBuildResult {
  readonly endpoints: number;
  readonly files: readonly string[];
}

export async function buildForUser(options: UserBuildOptions): Promise<UserBuildResult> {
  const schema = await loadSchema(options.schema, options);
  const namedFormats: unknown =
    options.namedFormats === undefined
      ? undefined
      : JSON.parse(await readFile(options.namedFormats, 'utf8'));
  const importFrom = options.importFrom ?? 'pvekit';
  const version = options.version ?? schemaLabelOf(options.schema).replace(/^Proxmox VE /, '');
  const built = buildModules(schema, {
    version,
    ...(namedFormats !== undefined ? { namedFormats } : {}),
    imports: { spec: importFrom, api: importFrom },
    formatsSpecImport: importFrom,
  });
  const files = await writeModules(built.files, options.outDir);
  return { endpoints: built.endpoints.length, files };
}
