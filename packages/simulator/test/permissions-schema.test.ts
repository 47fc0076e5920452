import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkPermission, type PermissionSpec } from '../src/auth/permissions-check.js';
import { isPrivilege, type PveRelease } from '../src/auth/roles.js';
import { accessView } from './permissions-fixture.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schemaDir = path.resolve(repoRoot, '../shared/pve-api');
const schemaFile = path.join(schemaDir, 'schema-9.1.json');
const haveSchema = existsSync(schemaFile);
if (!haveSchema) {
  console.log(`skipping the schema permission walk: ${schemaFile} is absent`);
}

interface SchemaNode {
  path: string;
  info?: Record<string, { permissions?: PermissionSpec }>;
  children?: SchemaNode[];
}

interface Endpoint {
  name: string;
  path: string;
  permissions: PermissionSpec | undefined;
}

function endpoints(file = schemaFile): Endpoint[] {
  const roots = JSON.parse(readFileSync(file, 'utf8')) as SchemaNode[];
  const found: Endpoint[] = [];
  const walk = (node: SchemaNode) => {
    for (const [method, info] of Object.entries(node.info ?? {})) {
      found.push({
        name: `${method} ${node.path}`,
        path: node.path,
        permissions: info.permissions,
      });
    }
    for (const child of node.children ?? []) walk(child);
  };
  for (const root of roots) walk(root);
  return found;
}

function checkTests(check: unknown, into: Set<string>): void {
  if (!Array.isArray(check)) return;
  const [test, ...rest] = check;
  into.add(String(test));
  if (test === 'and' || test === 'or') for (const member of rest) checkTests(member, into);
}

// A value for every path placeholder, and the caller's own userid where one is asked for.
function paramsFor(endpointPath: string): Record<string, string> {
  const params: Record<string, string> = { userid: 'alice@pve' };
  for (const match of endpointPath.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1] ?? '';
    params[name] = name === 'vmid' ? '100' : name === 'userid' ? 'alice@pve' : 'x';
  }
  return params;
}

describe.skipIf(!haveSchema)('every permissions object of the 9.1 schema', () => {
  const all = haveSchema ? endpoints() : [];
  const view = accessView({ users: { 'alice@pve': {} } });

  test('the schema uses exactly the check forms the evaluator knows', () => {
    const tests = new Set<string>();
    for (const endpoint of all) checkTests(endpoint.permissions?.check, tests);
    expect([...tests].sort()).toEqual(
      ['and', 'or', 'perm', 'perm-modify', 'userid-group', 'userid-param'].sort(),
    );
    expect(all.length).toBe(649);
  });

  test('root@pam may call every endpoint', () => {
    for (const endpoint of all) {
      const verdict = checkPermission(
        view,
        'root@pam',
        endpoint.permissions,
        paramsFor(endpoint.path),
      );
      expect(verdict, endpoint.name).toEqual({ allowed: true });
    }
  });

  test('an unprivileged user gets a 403 or, for user:all, access, and never an error', () => {
    let allowedCount = 0;
    for (const endpoint of all) {
      const verdict = checkPermission(
        view,
        'alice@pve',
        endpoint.permissions,
        paramsFor(endpoint.path),
      );
      if (verdict.allowed) {
        allowedCount++;
        continue;
      }
      expect(verdict.status, `${endpoint.name}: ${verdict.message}`).toBe(403);
      expect(verdict.message, endpoint.name).toMatch(/^Permission check failed( \(.+\))?$/);
    }
    // The user:all and user:world endpoints, plus the few a user may call on themself.
    const openByUser = all.filter(
      (e) => e.permissions?.user === 'all' || e.permissions?.user === 'world',
    );
    expect(allowedCount).toBeGreaterThanOrEqual(openByUser.length);
    expect(allowedCount).toBeLessThan(openByUser.length + 20);
  });
});

function namedPrivileges(check: unknown, into: Set<string>): void {
  if (!Array.isArray(check)) return;
  const [test, ...rest] = check;
  if (test === 'and' || test === 'or') for (const member of rest) namedPrivileges(member, into);
  const privileges = test === 'perm' ? rest[1] : test === 'userid-group' ? rest[0] : undefined;
  if (Array.isArray(privileges)) for (const name of privileges) into.add(String(name));
}

describe.skipIf(!haveSchema).each([
  ['9.1', 'schema-9.1.json'],
  ['8.4', 'schema-8.4.json'],
] as const)('privileges named by the %s schema', (release: PveRelease, file) => {
  test('are all known to that release', () => {
    const named = new Set<string>();
    for (const endpoint of endpoints(path.join(schemaDir, file))) {
      namedPrivileges(endpoint.permissions?.check, named);
    }
    expect(named.size).toBeGreaterThan(30);
    expect([...named].filter((name) => !isPrivilege(name, release))).toEqual([]);
  });
});
