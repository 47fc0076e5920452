import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApi } from 'pvekit';
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

/** The slice of the 8.4 `Api` this test calls (its module lives in a temporary folder). */
interface GlusterScan {
  nodes: {
    node(name: string): {
      scan: { glusterfs: { get(params: { server: string }): Promise<unknown> } };
    };
  };
}

/** Uses the 8.4 types: a route 9.1 removed is there, one 9.1 added is not. */
const usageModule = [
  "import type { Api } from './fluent.gen.js';",
  'declare const api: Api;',
  "export const scan = api.nodes.node('pve1').scan.glusterfs.get({ server: 'gluster1' });",
  "const route = 'GET /nodes/{node}/scan/glusterfs';",
  "export const viaRoute = api.call(route, { node: 'a', server: 'b' });",
  '// @ts-expect-error the server parameter is required',
  "export const missing = api.nodes.node('pve1').scan.glusterfs.get({});",
  '',
].join('\n');

/** Stands in for `pvekit`'s export surface: the same three types, from the client's sources. */
const typesModule = [
  `export type { EndpointSpec } from '${clientSrc}/metadata/spec.js';`,
  `export type { PropertyFormatSpec } from '${clientSrc}/formats/spec.js';`,
  `export type { CallFor, Verb } from '${clientSrc}/api/verb.js';`,
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
    await writeFile(path.join(outDir, 'usage.ts'), usageModule);
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
      [...files, 'usage.ts'].map((file) => path.join(outDir, file)),
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

  it('drives createApi with the generated metadata of 8.4', async () => {
    const load = (name: string) => import(pathToFileURL(path.join(outDir, name)).href);
    const { routeList } = (await load('route-list.gen.ts')) as { routeList: string[] };
    const sent: string[] = [];
    const api = createApi<GlusterScan>(
      async (method, apiPath, params) => {
        sent.push(`${method} ${apiPath} ${JSON.stringify(params)}`);
        return [{ volname: 'gv0' }];
      },
      {
        metadata: {
          routeList,
          loadEndpoints: async () => (await load('endpoints.gen.ts')).endpoints,
        },
      },
    );
    const found = await api.nodes.node('pve1').scan.glusterfs.get({ server: 'gluster1' });
    expect(found).toEqual([{ volname: 'gv0' }]);
    expect(sent).toEqual(['GET /nodes/pve1/scan/glusterfs {"server":"gluster1"}']);
  });
});
