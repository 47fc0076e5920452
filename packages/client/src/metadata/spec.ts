/**
 * The shape of the generated API metadata (facts from a Proxmox API schema, no prose).
 * The client encodes and decodes with it; the simulator routes and validates with it.
 */

export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';

export interface ValueSpec {
  /** Absent where the schema leaves the type open. */
  readonly type?: ValueType;
  readonly optional?: boolean;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Anchored JavaScript pattern source, converted from Proxmox's Perl pattern. */
  readonly pattern?: string;
  readonly patternFlags?: string;
  /** A named string format: `pve-vmid`, `pve-storage-id`, `pve-configid-list`, `mac-addr` … */
  readonly format?: string;
  /** Id of a property-string format in the generated format catalog (inline or named). */
  readonly propertyFormat?: string;
  readonly default?: string | number | boolean;
  /** Another parameter this one needs. */
  readonly requires?: string;
  readonly items?: ValueSpec;
  readonly properties?: Readonly<Record<string, ValueSpec>>;
  /** False where the schema sets `additionalProperties: 0`. Open when absent. */
  readonly additionalProperties?: boolean;
}

/** `net[n]` in the schema: the keys `net0` … `net{max}` share one spec. */
export interface IndexedParamSpec {
  readonly max: number;
  readonly spec: ValueSpec;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface EndpointSpec {
  readonly method: HttpMethod;
  /** Path template below `/api2/json`, e.g. `/nodes/{node}/qemu/{vmid}/config`. */
  readonly path: string;
  /** Proxmox's handler name, e.g. `update_vm`. */
  readonly name: string;
  /** Plain parameters, path parameters included. */
  readonly params: Readonly<Record<string, ValueSpec>>;
  /** Numbered parameters by base name (`net` → `net0`…`net31`). */
  readonly indexedParams?: Readonly<Record<string, IndexedParamSpec>>;
  /** False where unknown parameters are refused (`additionalProperties: 0`). */
  readonly additionalParams: boolean;
  readonly returns: ValueSpec;
  /** The schema's `permissions` object as-is (check trees, `user: 'all' | 'world'`). */
  readonly permissions?: unknown;
  readonly allowtoken: boolean;
  readonly protected: boolean;
  readonly proxyto?: string;
  /** The call starts a worker task and returns its UPID. */
  readonly returnsUpid?: boolean;
}
