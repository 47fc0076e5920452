import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../src/main.js';

// `pvekit codegen` on the 8.4 schema: the output must load, hold 8.4's endpoints and compile.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schema84 = path.resolve(repoRoot, '../shared/pve-api/schema-8.4.json');
const present = existsSync(schema84);
if (!present) {
  console.log(`pvekit codegen test skipped: ${schema84} is absent (it lives beside the repo)`);
}
const clientSrc = path.join(repoRoot, 'packages/client/src');

/** Stands in for `pvekit`'s export surface: the same three types, from the client's sources. */
const typesModule = [
  `export type { EndpointSpec } from '${clientSrc}/metadata/spec.js';`,
  `export type { PropertyFormatSpec } from '${clientSrc}/formats/spec.js';`,
  `export type { Verb } from '${clientSrc}/api/verb.js';`,
  '',
].join('\n');

describe.skipIf(!present)('pvekit codegen --schema schema-8.4.json', () => {
  let outDir = '';
  afterAll(async () => {
    if (outDir !== '') await rm(outDir, { recursive: true, force: true });
  });

  it('writes modules that load, hold the 605 endpoints of 8.4, and typecheck', async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'pvekit-codegen-'));
    await writeFile(path.join(outDir, 'pvekit-types.ts'), typesModule);
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {});
    const argv = ['--schema', schema84, '--out', outDir, '--import-from', './pvekit-types.js'];
    await buildProgram().parseAsync(['node', 'pvekit', 'codegen', ...argv]);
    const firstLine = printed.mock.calls[0]?.[0];
    printed.mockRestore();
    expect(firstLine).toBe('605 endpoints; wrote 5 files:');

    const files = (await readdir(outDir)).filter((file) => file.endsWith('.gen.ts')).sort();
    expect(files).toEqual([
      'endpoints.gen.ts',
      'fluent.gen.ts',
      'formats.gen.ts',
      'route-list.gen.ts',
      'routes.gen.ts',
    ]);
    const module = (await import(pathToFileURL(path.join(outDir, 'endpoints.gen.ts')).href)) as {
      endpoints: Record<string, { path: string; returnsUpid?: boolean }>;
    };
    expect(Object.keys(module.endpoints)).toHaveLength(605);
    // Removed in 9.1, so only a generator that read 8.4 writes it.
    expect(module.endpoints['GET /nodes/{node}/scan/glusterfs']?.path).toBe(
      '/nodes/{node}/scan/glusterfs',
    );
    expect(module.endpoints['POST /nodes/{node}/qemu/{vmid}/status/start']?.returnsUpid).toBe(true);

    const program = ts.createProgram(
      files.map((file) => path.join(outDir, file)),
      {
        strict: true,
        noEmit: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2023,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        types: [],
      },
    );
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  }, 60_000);
});
