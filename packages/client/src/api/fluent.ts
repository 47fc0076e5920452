import type { Invoke } from './call.js';
import { paramOfSegment, paramSegmentName, staticSegmentName } from './naming.js';
import type { CallOptions } from './types.js';

/**
 * The fluent surface, built from the route list: one prototype per path of the API, made on
 * first use, never a Proxy. A fixed segment is a getter; below the root it is cached, so a
 * chain without parameters allocates nothing after its first use. A `{param}` segment is a
 * method returning a small object that holds the values bound so far. Measured in
 * docs/figures.md against a Proxy per segment.
 */

interface PathNode {
  readonly children: Map<string, PathNode>;
  /** Verb (`get`) → route key (`GET /nodes/{node}`). */
  readonly verbs: Map<string, string>;
  /** Path parameters from the root to here, in order. */
  readonly params: readonly string[];
  prototype?: object;
}

interface FluentState {
  readonly invoke: Invoke;
  /** Values of the path parameters bound so far, aligned with `PathNode.params`. */
  readonly values: readonly unknown[];
}

const STATE = Symbol('pvekit.fluent');

type FluentObject = { readonly [STATE]: FluentState };

const trees = new WeakMap<readonly string[], PathNode>();

function pathTree(routeList: readonly string[]): PathNode {
  const built = trees.get(routeList);
  if (built !== undefined) return built;
  const root: PathNode = { children: new Map(), verbs: new Map(), params: [] };
  for (const route of routeList) {
    const [method = '', path = ''] = route.split(' ');
    let node = root;
    for (const segment of path.split('/').filter(Boolean)) {
      let child = node.children.get(segment);
      if (child === undefined) {
        const param = paramOfSegment(segment);
        const params = param === undefined ? node.params : [...node.params, param];
        child = { children: new Map(), verbs: new Map(), params };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.verbs.set(method.toLowerCase(), route);
  }
  trees.set(routeList, root);
  return root;
}

export function createFluentRoot(invoke: Invoke, routeList: readonly string[]): object {
  return instantiate(pathTree(routeList), { invoke, values: [] });
}

function instantiate(node: PathNode, state: FluentState): object {
  node.prototype ??= buildPrototype(node);
  const instance = Object.create(node.prototype) as { [STATE]: FluentState };
  instance[STATE] = state;
  return instance;
}

function buildPrototype(node: PathNode): object {
  const prototype: Record<string, unknown> = {};
  for (const [verb, route] of node.verbs) {
    prototype[verb] = function (this: FluentObject, params?: object, options?: CallOptions) {
      const state = this[STATE];
      return state.invoke(route, withPathValues(node.params, state.values, params), options);
    };
  }
  for (const [segment, child] of node.children) {
    const param = paramOfSegment(segment);
    if (param === undefined) defineStaticChild(prototype, staticSegmentName(segment), child);
    else {
      prototype[paramSegmentName(param)] = function (this: FluentObject, value: unknown) {
        const state = this[STATE];
        return instantiate(child, { invoke: state.invoke, values: [...state.values, value] });
      };
    }
  }
  return prototype;
}

function defineStaticChild(prototype: object, name: string, child: PathNode): void {
  Object.defineProperty(prototype, name, {
    get(this: FluentObject) {
      const state = this[STATE];
      const value = instantiate(child, state);
      // Caching pays only where no value is bound (one object for the API's lifetime); on a
      // bound object, defining a property costs more than the small object it would save.
      if (state.values.length === 0) Object.defineProperty(this, name, { value });
      return value;
    },
  });
}

function withPathValues(
  names: readonly string[],
  values: readonly unknown[],
  params: object | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...params };
  names.forEach((name, index) => {
    merged[name] = values[index];
  });
  return merged;
}
