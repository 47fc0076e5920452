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

interface SchemaParam {
  type?: string;
  optional?: number;
  maxLength?: number;
  minimum?: number | string;
  maximum?: number | string;
  enum?: string[];
  requires?: string;
}

interface SchemaInfo {
  allowtoken?: number;
  permissions?: Record<string, unknown>;
  parameters?: { properties?: Record<string, SchemaParam> };
}

interface SchemaNode {
  path: string;
  info?: Record<string, SchemaInfo>;
  children?: SchemaNode[];
}

// The facts a route's parameter rule restates, in the rule's shape.
function ruleFacts(param: SchemaParam): Record<string, unknown> {
  return {
    type: param.type,
    optional: param.optional === 1,
    maxLength: param.maxLength,
    // The schema writes some bounds as strings ("0").
    minimum: param.minimum === undefined ? undefined : Number(param.minimum),
    maximum: param.maximum === undefined ? undefined : Number(param.maximum),
    enum: param.enum,
    requires: param.requires,
  };
}

function schemaEndpoints(): Map<string, SchemaInfo> {
  const endpoints = new Map<string, SchemaInfo>();
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
  const endpoints = schemaPresent ? schemaEndpoints() : new Map<string, SchemaInfo>();

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

  test.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s takes the parameters of the schema, with the same type, optionality, bounds and dependencies',
    (key, route) => {
      const properties = endpoints.get(key)?.parameters?.properties ?? {};
      const ours = Object.keys(route.params).sort();
      const theirs = Object.keys(properties).sort();
      // An open route lists only what it reads; the rest of the schema's parameters pass.
      if (route.openParams === true) expect(theirs).toEqual(expect.arrayContaining(ours));
      else expect(ours).toEqual(theirs);
      for (const [name, rule] of Object.entries(route.params)) {
        const facts = ruleFacts(properties[name] ?? {});
        const restated = {
          type: rule.type,
          optional: rule.optional === true,
          maxLength: rule.maxLength,
          minimum: rule.minimum,
          maximum: rule.maximum,
          enum: rule.enum,
          requires: rule.requires,
        };
        expect(restated, `${key} ${name}`).toEqual(facts);
      }
    },
  );
});
