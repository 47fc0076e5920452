import type { EndpointSpec } from 'pvekit/metadata';
import { type Handler, type Route, routeKey } from './route.js';

/** One endpoint of the schema and, when the simulator models it, the code that answers. */
export interface Endpoint<State> {
  readonly spec: EndpointSpec;
  readonly handler: Handler<State> | undefined;
}

export interface RouteMatch<State> {
  readonly endpoint: Endpoint<State>;
  readonly pathParams: Record<string, string>;
}

interface PathNode<State> {
  readonly literals: Map<string, PathNode<State>>;
  variable?: { readonly name: string; readonly node: PathNode<State> };
  readonly methods: Map<string, Endpoint<State>>;
}

function emptyNode<State>(): PathNode<State> {
  return { literals: new Map(), methods: new Map() };
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Every endpoint of the schema, looked up by method and path. At each level a literal segment
 * wins over a `{param}` one, as pve-common `RESTHandler::find_handler` resolves them
 * (`/nodes/{node}/tasks` over `/nodes/{node}/{anything}`).
 */
export class RouteTable<State> {
  readonly #root: PathNode<State> = emptyNode();
  readonly #endpoints = new Map<string, Endpoint<State>>();

  /** Fails on a route the schema does not have: a typo there would leave it unreachable. */
  constructor(specs: Readonly<Record<string, EndpointSpec>>, routes: readonly Route<State>[]) {
    const handlers = new Map<string, Handler<State>>();
    for (const route of routes) {
      const key = routeKey(route);
      if (specs[key] === undefined) {
        const fix = 'spell the method and path template exactly as the schema does';
        throw new Error(`route '${key}' is not in the API schema: ${fix}`);
      }
      if (handlers.has(key)) throw new Error(`route '${key}' has two handlers: keep one`);
      handlers.set(key, route.handler);
    }
    for (const [key, spec] of Object.entries(specs)) {
      const endpoint = { spec, handler: handlers.get(key) };
      this.#endpoints.set(key, endpoint);
      this.#insert(endpoint);
    }
  }

  #insert(endpoint: Endpoint<State>): void {
    let node = this.#root;
    for (const part of segments(endpoint.spec.path)) {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name === undefined) {
        const next = node.literals.get(part) ?? emptyNode<State>();
        node.literals.set(part, next);
        node = next;
      } else {
        node.variable ??= { name, node: emptyNode<State>() };
        node = node.variable.node;
      }
    }
    node.methods.set(endpoint.spec.method, endpoint);
  }

  /** Route key → endpoint, in the schema's order. */
  get endpoints(): ReadonlyMap<string, Endpoint<State>> {
    return this.#endpoints;
  }

  find(method: string, apiPath: string): RouteMatch<State> | undefined {
    return lookup(this.#root, segments(apiPath), method);
  }
}

// Depth first, literal before variable, so a dead end below a literal still tries `{param}`.
function lookup<State>(
  node: PathNode<State>,
  parts: readonly string[],
  method: string,
): RouteMatch<State> | undefined {
  const [part, ...rest] = parts;
  if (part === undefined) {
    const endpoint = node.methods.get(method);
    return endpoint === undefined ? undefined : { endpoint, pathParams: {} };
  }
  const literal = node.literals.get(part);
  const found = literal === undefined ? undefined : lookup(literal, rest, method);
  if (found !== undefined || node.variable === undefined) return found;
  const below = lookup(node.variable.node, rest, method);
  if (below !== undefined) below.pathParams[node.variable.name] = decodeSegment(part);
  return below;
}
