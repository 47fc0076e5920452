import { propertyFormats } from '../generated/formats.gen.js';
import { PropertyStringError } from './errors.js';
import type { PropertyFormatSpec } from './spec.js';

/** A format spec with what the codec derives from it once. */
export interface ResolvedFormat {
  /** The generated id, or `inline` for a spec passed by value. */
  readonly id: string;
  readonly spec: PropertyFormatSpec;
  readonly defaultKey: string | undefined;
  /** `model` → `macaddr`: the key whose value names the alias (`virtio=MAC`). */
  readonly keyAliases: ReadonlyMap<string, string>;
}

const byId = new Map<string, ResolvedFormat>();
const bySpec = new WeakMap<PropertyFormatSpec, ResolvedFormat>();

export function resolveFormat(format: PropertyFormatSpec | string): ResolvedFormat {
  if (typeof format !== 'string') {
    let resolved = bySpec.get(format);
    if (!resolved) {
      resolved = derive('inline', format);
      bySpec.set(format, resolved);
    }
    return resolved;
  }
  let resolved = byId.get(format);
  if (!resolved) {
    const spec: PropertyFormatSpec | undefined = Object.hasOwn(propertyFormats, format)
      ? propertyFormats[format as keyof typeof propertyFormats]
      : undefined;
    if (!spec) {
      throw new PropertyStringError(
        'unknown-format',
        undefined,
        { _root: `unknown format: ${format}` },
        'use an id from propertyFormats, e.g. qemu-net, lxc-mp or pve-qm-ipconfig',
      );
    }
    resolved = derive(format, spec);
    byId.set(format, resolved);
  }
  return resolved;
}

function derive(id: string, spec: PropertyFormatSpec): ResolvedFormat {
  let defaultKey: string | undefined;
  const keyAliases = new Map<string, string>();
  for (const [key, entry] of Object.entries(spec.keys)) {
    if ('alias' in entry) {
      if (entry.keyAlias !== undefined) keyAliases.set(entry.keyAlias, entry.alias);
    } else if (entry.defaultKey) {
      defaultKey = key;
    }
  }
  return { id, spec, defaultKey, keyAliases };
}

/** Keys in Proxmox's print order: default key, required keys sorted, the rest sorted. */
export function keyOrder(format: ResolvedFormat): string[] {
  const keys = Object.keys(format.spec.keys)
    .filter((key) => !('alias' in (format.spec.keys[key] ?? {})))
    .sort();
  const required = keys.filter((key) => {
    const entry = format.spec.keys[key];
    return entry && 'type' in entry && !entry.optional;
  });
  return [...new Set([...(format.defaultKey ? [format.defaultKey] : []), ...required, ...keys])];
}
