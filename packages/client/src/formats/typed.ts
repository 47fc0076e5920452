/**
 * Types of property-string values, derived from the generated specs, so a typed view can never
 * drift from the format it reads: `FormatValues<'qemu-net'>` has `model` (an enum, required),
 * `firewall?: boolean`, `mtu?: number` … exactly as the schema says.
 */
import type { PropertyFormatId, propertyFormats } from '../generated/formats.gen.js';
import { formatPropertyString, parsePropertyString } from './codec.js';

type KeysOf<Id extends PropertyFormatId> = (typeof propertyFormats)[Id]['keys'];

/** Keys holding values (alias keys such as `virtio` or `volume` only name other keys). */
type ValueKeys<Id extends PropertyFormatId> = {
  [K in keyof KeysOf<Id>]: KeysOf<Id>[K] extends { readonly type: string } ? K : never;
}[keyof KeysOf<Id>];

type RequiredKeys<Id extends PropertyFormatId> = {
  [K in ValueKeys<Id>]: KeysOf<Id>[K] extends { readonly optional: true } ? never : K;
}[ValueKeys<Id>];

type ValueOf<Entry> = Entry extends { readonly type: 'boolean' }
  ? boolean
  : Entry extends { readonly type: 'integer' | 'number' }
    ? number
    : Entry extends { readonly enum: readonly (infer Member)[] }
      ? Member
      : string;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type FormatValues<Id extends PropertyFormatId> = Simplify<
  { -readonly [K in RequiredKeys<Id>]: ValueOf<KeysOf<Id>[K]> } & {
    -readonly [K in Exclude<ValueKeys<Id>, RequiredKeys<Id>>]?: ValueOf<KeysOf<Id>[K]>;
  }
>;

/** Parse and print one format with its values typed. */
export interface TypedFormat<T> {
  readonly id: PropertyFormatId;
  /** `path` is the parameter name (`net0`) used in error keys. */
  parse(text: string, path?: string): T;
  format(value: T, path?: string): string;
}

export function typedFormat<Id extends PropertyFormatId>(id: Id): TypedFormat<FormatValues<Id>> {
  return {
    id,
    parse: (text, path) => parsePropertyString(id, text, path) as FormatValues<Id>,
    format: (value, path) => formatPropertyString(id, value, path),
  };
}
