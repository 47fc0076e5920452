/**
 * Named formats: the schema refers to them by name (`format: "pve-qm-ipconfig"`) but never
 * defines them. `named-formats-*.json` gives each name with its `typetext` grammar; the hash
 * (property-string) ones are rebuilt here from that grammar plus the facts in
 * `named-format-facts.ts`, which the grammar cannot carry (types, bounds, patterns).
 */
import type { PropertyEntrySpec, PropertyFormatSpec, PropertyKeySpec } from 'pvekit';
import { namedFormatFacts } from './named-format-facts.js';
import { perlPatternToJs } from './perl-pattern.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The hash formats: every named format whose grammar is `key=value` pairs. */
export function namedHashFormatSpecs(namedFormats: unknown): Record<string, PropertyFormatSpec> {
  const listed = namedFormatTypetexts(namedFormats);
  // Facts for a format this schema does not name (an older release) are simply not used.
  for (const name of Object.keys(namedFormatFacts)) {
    const typetext = listed.get(name);
    if (typetext !== undefined && !typetext.includes('=')) {
      throw new Error(`facts for '${name}', whose typetext is no key=value grammar`);
    }
  }
  const specs: Record<string, PropertyFormatSpec> = {};
  for (const [name, typetext] of listed) {
    if (!typetext.includes('=')) continue;
    specs[name] = mergeFacts(name, parseTypetext(typetext), namedFormatFacts[name] ?? {});
  }
  return specs;
}

/** Every other named format is a plain string check, validated in `formats/named.ts`. */
export function namedStringFormatNames(namedFormats: unknown): string[] {
  const listed = namedFormatTypetexts(namedFormats);
  return [...listed.keys()].filter((name) => !listed.get(name)?.includes('=')).sort();
}

function namedFormatTypetexts(namedFormats: unknown): Map<string, string> {
  if (typeof namedFormats !== 'object' || namedFormats === null) {
    throw new Error('named formats: expected an object keyed by format name');
  }
  const result = new Map<string, string>();
  for (const [name, entry] of Object.entries(namedFormats)) {
    const typetexts = (entry as { typetext?: unknown }).typetext;
    const first = Array.isArray(typetexts) ? typetexts.find((t) => typeof t === 'string') : '';
    result.set(name, typeof first === 'string' ? first : '');
  }
  return result;
}

/**
 * `[[model=]<i6300esb|ib700>] [,action=<enum>]`, as pve-common's `generate_typetext` writes
 * it: items separated by ` ,` or ` [,`; `[…]` around an item makes it optional; `[key=]`
 * marks the default key; `<a|b>` lists an enum, `<1|0>` a boolean.
 */
export function parseTypetext(typetext: string): Record<string, PropertyKeySpec> {
  const keys: Record<string, PropertyKeySpec> = {};
  const items = typetext.trim().split(/\s+(?=\[?,)/);
  for (const rawItem of items) {
    let item = rawItem.trim();
    const optional = isWrappedOptional(item);
    if (optional) item = item.slice(1, -1);
    item = item.replace(/^,/, '');
    const defaultMatch = /^\[([\w-]+)=\](.*)$/.exec(item);
    const plainMatch = /^([\w-]+)=(.*)$/.exec(item);
    const match = defaultMatch ?? plainMatch;
    if (!match?.[1]) throw new Error(`typetext item not understood: '${rawItem}'`);
    const spec: Writable<PropertyKeySpec> = typeFromTypetext(match[2] ?? '');
    if (optional) spec.optional = true;
    if (defaultMatch) spec.defaultKey = true;
    keys[match[1]] = spec;
  }
  return keys;
}

/** `[x]` where the outer brackets pair with each other (not `[a=]<b>`). */
function isWrappedOptional(item: string): boolean {
  if (!item.startsWith('[') || !item.endsWith(']')) return false;
  let depth = 0;
  for (let i = 0; i < item.length; i++) {
    if (item[i] === '[') depth++;
    else if (item[i] === ']') depth--;
    if (depth === 0 && i < item.length - 1) return false;
  }
  return true;
}

function typeFromTypetext(text: string): Writable<PropertyKeySpec> {
  if (text === '<1|0>') return { type: 'boolean' };
  if (text === '<integer>' || text === '\\d+') return { type: 'integer' };
  if (text === '<number>') return { type: 'number' };
  // Enum members start with a letter or `/`; `<8-64|host>` is a range or a word, not an enum.
  const enumMatch = /^<([a-z/][\w./-]*(?:\|[a-z/][\w./-]*)+)>$/i.exec(text);
  if (enumMatch?.[1]) return { type: 'string', enum: enumMatch[1].split('|') };
  return { type: 'string' };
}

/**
 * Facts win over the grammar. A fact for a key the grammar lacks (the key came in a later
 * release) is left out; `unusedFacts` lists them so a typo cannot hide.
 */
function mergeFacts(
  name: string,
  grammar: Record<string, PropertyKeySpec>,
  facts: Readonly<Record<string, NamedKeyFacts>>,
): PropertyFormatSpec {
  const keys: Record<string, PropertyEntrySpec> = {};
  for (const key of Object.keys(grammar).sort()) {
    const fact = facts[key];
    if (fact && 'alias' in fact) {
      keys[key] = fact;
      continue;
    }
    const merged: Writable<PropertyKeySpec> = { ...(grammar[key] ?? { type: 'string' }) };
    if (fact) applyFacts(merged, fact);
    const numeric = merged.type === 'integer' || merged.type === 'number';
    if (!numeric && (merged.minimum !== undefined || merged.maximum !== undefined)) {
      throw new Error(`named format '${name}': key '${key}' has bounds but type ${merged.type}`);
    }
    keys[key] = merged;
  }
  return { keys };
}

/** `format.key` for every fact the given named-format list has no key for. */
export function unusedFacts(namedFormats: unknown): string[] {
  const listed = namedFormatTypetexts(namedFormats);
  const unused: string[] = [];
  for (const [name, facts] of Object.entries(namedFormatFacts)) {
    const typetext = listed.get(name);
    const grammar = typetext === undefined ? {} : parseTypetext(typetext);
    for (const key of Object.keys(facts)) if (!(key in grammar)) unused.push(`${name}.${key}`);
  }
  return unused;
}

/** Booleans default to 0/1 in the schema; the codec reads them as true/false, so say so. */
export function booleanDefault(
  type: PropertyKeySpec['type'],
  value: string | number | boolean,
): string | number | boolean {
  return type === 'boolean' && (value === 0 || value === 1) ? value === 1 : value;
}

export type NamedKeyFacts =
  | (Partial<Omit<PropertyKeySpec, 'pattern' | 'patternFlags'>> & {
      /** A Perl pattern, as the Proxmox source writes it. */
      readonly perlPattern?: string;
    })
  | { readonly alias: string; readonly keyAlias?: string };

function applyFacts(target: Writable<PropertyKeySpec>, fact: NamedKeyFacts): void {
  if ('alias' in fact) return;
  const { perlPattern, ...rest } = fact;
  Object.assign(target, rest);
  if (rest.default !== undefined) target.default = booleanDefault(target.type, rest.default);
  if (perlPattern !== undefined) {
    const { source, flags } = perlPatternToJs(perlPattern);
    target.pattern = source;
    if (flags) target.patternFlags = flags;
  }
  if (rest.optional === false) delete target.optional;
}
