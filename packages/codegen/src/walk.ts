import type { HttpMethod } from 'pvekit';

/** A node of the schema tree (FACTS §1.2); only the parts the generator reads. */
interface SchemaNode {
  readonly path: string;
  readonly info?: Readonly<Record<string, RawMethodInfo>>;
  readonly children?: readonly SchemaNode[];
}

/** One method of one path, as the schema has it (untrusted input: fields are checked on use). */
export interface RawMethodInfo {
  readonly name?: string;
  readonly parameters?: RawSchema;
  readonly returns?: RawSchema;
  readonly permissions?: unknown;
  readonly allowtoken?: number;
  readonly protected?: number;
  readonly proxyto?: string;
}

/** A JSON-schema-like value description from the Proxmox schema. */
export interface RawSchema {
  readonly type?: string;
  readonly optional?: number | boolean;
  readonly enum?: readonly unknown[];
  readonly minimum?: number | string;
  readonly maximum?: number | string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string | object;
  readonly default?: unknown;
  readonly requires?: string;
  readonly items?: RawSchema;
  readonly properties?: Readonly<Record<string, RawSchema>>;
  readonly additionalProperties?: number | boolean | object;
  readonly oneOf?: readonly RawSchema[];
  readonly 'instance-types'?: readonly string[];
}

export interface RawEndpoint {
  readonly method: HttpMethod;
  readonly path: string;
  readonly info: RawMethodInfo;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

export class SchemaShapeError extends Error {
  override name = 'SchemaShapeError';
}

/** Every (method, path) pair of the tree, sorted by path then method. */
export function collectEndpoints(tree: unknown): RawEndpoint[] {
  if (!Array.isArray(tree)) {
    throw new SchemaShapeError('the schema must be an array of path nodes (FACTS §1.2)');
  }
  const endpoints: RawEndpoint[] = [];
  const visit = (nodes: readonly SchemaNode[]) => {
    for (const node of nodes) {
      if (typeof node?.path !== 'string') {
        throw new SchemaShapeError('a schema node has no "path"; is this a Proxmox API schema?');
      }
      for (const method of METHODS) {
        const info = node.info?.[method];
        if (info !== undefined) endpoints.push({ method, path: node.path, info });
      }
      visit(node.children ?? []);
    }
  };
  visit(tree as SchemaNode[]);
  return endpoints.sort(compareEndpoints);
}

export function routeKey(endpoint: { method: string; path: string }): string {
  return `${endpoint.method} ${endpoint.path}`;
}

function compareEndpoints(a: RawEndpoint, b: RawEndpoint): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return METHODS.indexOf(a.method) - METHODS.indexOf(b.method);
}
