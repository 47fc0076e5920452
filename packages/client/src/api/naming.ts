/**
 * How a path segment becomes a name on the fluent surface. One rule, shared by the generator
 * (which writes the fluent types) and the runtime (which builds the fluent objects):
 *
 * - A fixed segment becomes a property in camelCase: `status`, `move_disk` → `moveDisk`,
 *   `get-fsinfo` → `getFsinfo`.
 * - A `{param}` segment becomes a method taking the value, named after the parameter in
 *   camelCase with a trailing `id` dropped when it names the thing: `{node}` → `node(…)`,
 *   `{vmid}` → `vm(…)`, `{userid}` → `user(…)`, `{fabric_id}` → `fabric(…)`. `{upid}` and
 *   `{id}` keep their names: UPID is a word of its own in Proxmox, and `id` would become empty.
 * - The HTTP methods are the verbs `get`, `post`, `put` and `delete` at the end of the chain.
 */

const VERBS = new Set(['get', 'post', 'put', 'delete']);

/** `move_disk` → `moveDisk`, `pci-id-or-mapping` → `pciIdOrMapping`. */
export function camelCase(segment: string): string {
  return segment.replace(/[-_]+([a-zA-Z0-9])/g, (_match, next: string) => next.toUpperCase());
}

/** The property name of a fixed segment. */
export function staticSegmentName(segment: string): string {
  return camelCase(segment);
}

/** The method name of a `{param}` segment, from the parameter's name. */
export function paramSegmentName(param: string): string {
  const name = camelCase(param);
  if (name === 'upid' || name === 'id') return name;
  const stripped = name.replace(/[iI]d$/, '');
  return stripped === '' ? name : stripped;
}

/** True when a name would hide one of the verb methods. */
export function isVerbName(name: string): boolean {
  return VERBS.has(name);
}

/** `{vmid}` → `vmid`; a fixed segment → undefined. */
export function paramOfSegment(segment: string): string | undefined {
  const match = /^\{([^}]+)\}$/.exec(segment);
  return match?.[1];
}
