import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { collectFormats, renderFormatsModule } from './formats.js';
import { type GeneratedFiles, generate } from './generate.js';
import { namedFormatsFromSchema } from './named-from-schema.js';

export interface BuildOptions {
  /** `9.1`, or a label for a schema of unknown version. */
  readonly version: string;
  /** `named-formats-*.json`; derived from the schema's own typetext when absent. */
  readonly namedFormats?: unknown;
  readonly imports: { readonly spec: string; readonly api: string };
  readonly typeTest?: { readonly api: string; readonly routes: string };
  /** Where the formats module imports `PropertyFormatSpec` from, when not `../formats/spec.js`. */
  readonly formatsSpecImport?: string;
}

/** Every generated module in memory: endpoints, route list, routes, fluent and formats. */
export function buildModules(schema: unknown, options: BuildOptions): GeneratedFiles {
  const formats = collectFormats(schema, options.namedFormats ?? namedFormatsFromSchema(schema));
  const generated = generate(schema, {
    schemaLabel: `Proxmox VE ${options.version}`,
    formats,
    imports: options.imports,
    ...(options.typeTest !== undefined ? { typeTest: options.typeTest } : {}),
  });
  let formatsModule = renderFormatsModule(formats.specs, options.version);
  if (options.formatsSpecImport !== undefined) {
    formatsModule = formatsModule.replace("'../formats/spec.js'", `'${options.formatsSpecImport}'`);
  }
  return {
    endpoints: generated.endpoints,
    files: { ...generated.files, 'formats.gen.ts': formatsModule },
  };
}

/** Writes each file into `outDir`, except those `redirect` sends elsewhere. */
export async function writeModules(
  files: Readonly<Record<string, string>>,
  outDir: string,
  redirect: Readonly<Record<string, string>> = {},
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const target = redirect[name] ?? path.join(outDir, name);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push(target);
  }
  return written;
}
