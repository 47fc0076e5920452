import { ProxmoxError } from '../errors/base.js';

/** Which of Proxmox's property-string rules a value broke. */
export type PropertyStringRule =
  | 'syntax'
  | 'unknown-key'
  | 'duplicate-key'
  | 'missing-key'
  | 'type'
  | 'format'
  | 'pattern'
  | 'length'
  | 'range'
  | 'enum'
  | 'requires'
  | 'unknown-format'
  | 'unprintable';

/**
 * A property string (`virtio=BC:24:11:2E:4D:5F,bridge=vmbr0`) that does not fit its format, or
 * a value that cannot be written as one. `errors` holds Proxmox's own per-key messages, keyed
 * as Proxmox keys them (`net0.model`, or `model` when no parameter name was given).
 */
export class PropertyStringError extends ProxmoxError {
  /** The first key at fault, when the fault belongs to one key. */
  readonly key: string | undefined;
  readonly rule: PropertyStringRule;
  readonly errors: Readonly<Record<string, string>>;

  constructor(
    rule: PropertyStringRule,
    key: string | undefined,
    errors: Readonly<Record<string, string>>,
    hint?: string,
  ) {
    const details = Object.entries(errors)
      .map(([path, message]) => {
        const text = message.trim().replace(/\n/g, '; ');
        // `_root` is Proxmox's key for a value with no parameter name; it says nothing here.
        return path === '_root' ? text : `${path}: ${text}`;
      })
      .join('; ');
    super('invalid_property_string', hint ? `${details} (${hint})` : details);
    this.key = key;
    this.rule = rule;
    this.errors = errors;
  }
}
