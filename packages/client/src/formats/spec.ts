/**
 * The shape of a property-string format as the generator writes it and the codec reads it.
 * Facts only: key names, types, enums, bounds, patterns, defaults, aliases.
 */
export interface PropertyKeySpec {
  readonly type: 'string' | 'integer' | 'number' | 'boolean';
  readonly optional?: boolean;
  /** This key may be written without `key=` (at most one per format). */
  readonly defaultKey?: boolean;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** An anchored JavaScript pattern source, already converted from Perl. */
  readonly pattern?: string;
  readonly patternFlags?: string;
  /** A named string format (`pve-storage-id`, `mac-addr`, `disk-size`, `*-list` …). */
  readonly format?: string;
  readonly default?: string | number | boolean;
  /** Keys this key requires to be present. */
  readonly requires?: string;
}

/** `virtio=AA:BB:…`: the key name is the value of `keyAlias`, the value goes to `alias`. */
export interface PropertyAliasSpec {
  readonly alias: string;
  readonly keyAlias?: string;
}

export type PropertyEntrySpec = PropertyKeySpec | PropertyAliasSpec;

export interface PropertyFormatSpec {
  readonly keys: Readonly<Record<string, PropertyEntrySpec>>;
}
