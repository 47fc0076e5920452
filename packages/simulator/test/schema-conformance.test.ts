import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { routes } from '../src/handlers/index.js';

// The schema lives beside the repository, never in it; without it these checks cannot run.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schemaFile = path.resolve(repoRoot, '../shared/pve-api/schema-9.1.json');
const schemaPresent = existsSync(schemaFile);
if (!schemaPresent) {
  // biome-ignore lint/suspicious/noConsole: the house rules ask for a printed reason on skip
  console.warn(`skipping the schema conformance of the route table: ${schemaFile} is absent`);
}

interface SchemaNode {
  path: string;
  info?: Record<string, { allowtoken?: number; permissions?: Record<string, unknown> }>;
  children?: SchemaNode[];
}

function schemaEndpoints(): Map<
  string,
  { allowtoken?: number; permissions?: Record<string, unknown> }
> {
  const endpoints = new Map();
  const walk = (node: SchemaNode) => {
    for (const [method, info] of Object.entries(node.info ?? {})) {
      endpoints.set(`${method} ${node.path}`, info);
    }
    for (const child of node.children ?? []) walk(child);
  };
  for (const root of JSON.parse(readFileSync(schemaFile, 'utf8')) as SchemaNode[]) walk(root);
  return endpoints;
}

describe.skipIf(!schemaPresent)('the route table against the Proxmox VE 9.1 schema', () => {
  const endpoints = schemaPresent ? schemaEndpoints() : new Map();

  test.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s exists with the same allowtoken and permissions',
    (key, route) => {
      const info = endpoints.get(key);
      expect(info, `${key} is not in the schema`).toBeDefined();
      expect(route.allowtoken).toBe(info?.allowtoken === 1);
      const { description: _prose, ...permissions } = info?.permissions ?? {};
      expect(route.permissions ?? {}).toEqual(permissions);
    },
  );
});
