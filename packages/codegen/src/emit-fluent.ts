import type { EndpointSpec } from 'pvekit';
import { isVerbName, paramOfSegment, paramSegmentName, staticSegmentName } from 'pvekit';
import { quote } from './literal.js';

export interface PathNode {
  readonly path: string;
  readonly segments: readonly string[];
  readonly children: Map<string, PathNode>;
  readonly methods: EndpointSpec[];
}

export class FluentNameError extends Error {
  override name = 'FluentNameError';
}

/** The path tree, intermediate paths without methods included. */
export function buildPathTree(specs: readonly EndpointSpec[]): PathNode {
  const root: PathNode = { path: '', segments: [], children: new Map(), methods: [] };
  for (const spec of specs) {
    let node = root;
    for (const segment of spec.path.split('/').filter(Boolean)) {
      let child = node.children.get(segment);
      if (child === undefined) {
        const segments = [...node.segments, segment];
        child = { path: `/${segments.join('/')}`, segments, children: new Map(), methods: [] };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.methods.push(spec);
  }
  return root;
}

export function interfaceName(node: PathNode): string {
  if (node.segments.length === 0) return 'FluentRoot';
  return node.segments
    .map((segment) => {
      const param = paramOfSegment(segment);
      const name = staticSegmentName(param ?? segment);
      const pascal = name.charAt(0).toUpperCase() + name.slice(1);
      return param === undefined ? pascal : `$${pascal}`;
    })
    .join('');
}

/** The type of a `{param}` segment's value, as the endpoints below it declare it. */
function paramType(param: string, child: PathNode): string {
  let node = child;
  while (node.methods.length === 0) {
    const [first] = node.children.values();
    if (first === undefined) break;
    node = first;
  }
  return node.methods[0]?.params[param]?.type === 'integer' ? 'number' : 'string';
}

export function emitFluent(
  header: string,
  specs: readonly EndpointSpec[],
  imports: { routes: string; types: string },
): string {
  const root = buildPathTree(specs);
  const blocks: string[] = [];
  const seen = new Set<string>();
  const visit = (node: PathNode) => {
    const name = interfaceName(node);
    if (seen.has(name)) throw new FluentNameError(`two paths map to interface ${name}`);
    seen.add(name);
    blocks.push(emitInterface(node, name));
    for (const child of node.children.values()) visit(child);
  };
  visit(root);
  return [
    header,
    `import type { CallFor, Verb } from '${imports.types}';`,
    `import type { Routes } from '${imports.routes}';`,
    '',
    '/** Both forms: `api.call(route, params)` and the fluent paths from the root. */',
    'export interface Api extends FluentRoot {',
    '  readonly call: CallFor<Routes>;',
    '}',
    '',
    ...blocks,
  ].join('\n');
}

function emitInterface(node: PathNode, name: string): string {
  const members: string[] = [];
  const used = new Set<string>();
  const claim = (member: string) => {
    if (used.has(member) || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(member)) {
      throw new FluentNameError(`${node.path || '/'}: member name ${member} is taken or invalid`);
    }
    used.add(member);
  };
  for (const spec of node.methods) {
    const verb = spec.method.toLowerCase();
    claim(verb);
    members.push(`  ${verb}: Verb<Routes[${quote(`${spec.method} ${spec.path}`)}]>;`);
  }
  for (const [segment, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const param = paramOfSegment(segment);
    if (param === undefined) {
      const member = staticSegmentName(segment);
      if (isVerbName(member)) throw new FluentNameError(`${child.path} hides the verb ${member}`);
      claim(member);
      members.push(`  readonly ${member}: ${interfaceName(child)};`);
    } else {
      const member = paramSegmentName(param);
      claim(member);
      const type = paramType(param, child);
      members.push(`  ${member}(${staticSegmentName(param)}: ${type}): ${interfaceName(child)};`);
    }
  }
  const title = node.path === '' ? 'The API root' : `\`${node.path}\``;
  return [`/** ${title} */`, `export interface ${name} {`, ...members, '}', ''].join('\n');
}
