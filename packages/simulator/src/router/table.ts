import { matchTemplate } from './match.js';
import type { Route } from './route.js';

export interface RouteMatch<State> {
  readonly route: Route<State>;
  readonly pathParams: Record<string, string>;
}

function literalSegments(template: string): number {
  return template.split('/').filter((part) => part !== '' && !part.startsWith('{')).length;
}

/**
 * A table of routes looked up by method and path. Where templates overlap, the one with more
 * literal segments wins (`/nodes/{node}/tasks` over `/nodes/{node}/{anything}`).
 */
export class RouteTable<State> {
  readonly #routes: readonly Route<State>[];

  constructor(routes: readonly Route<State>[]) {
    this.#routes = [...routes].sort((a, b) => literalSegments(b.path) - literalSegments(a.path));
  }

  find(method: string, apiPath: string): RouteMatch<State> | undefined {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const pathParams = matchTemplate(route.path, apiPath);
      if (pathParams !== undefined) return { route, pathParams };
    }
    return undefined;
  }
}
