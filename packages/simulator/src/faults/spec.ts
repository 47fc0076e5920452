import { SimulatorError } from '../errors.js';
import type { PathPattern } from './glob.js';

export type FaultKind = 'drop' | 'delay' | 'auth-delay' | 'status' | 'lock' | 'upid' | 'drift';

export const FAULT_KINDS: readonly FaultKind[] = [
  'drop',
  'delay',
  'auth-delay',
  'status',
  'lock',
  'upid',
  'drift',
];

/**
 * A switch that makes the simulator misbehave for matching requests:
 * - `drop`: the connection is cut after the request arrived, with no answer;
 * - `delay`: the answer comes `ms` milliseconds late (a `[min, max]` pair draws each delay);
 * - `auth-delay`: a 401 answer comes `ms` (default 3000, as pveproxy) late; only 401s count;
 * - `status`: the answer is `status` with `message` (595-599 get pveproxy's proxy reasons);
 * - `lock`: a guest-changing call (not GET) on a vmid answers 500 `can't lock file … - got
 *   timeout`, as when another worker holds the guest's config lock;
 * - `upid`: a call that returns a UPID works, but that task's status answers 400 `no such
 *   task` for its first `reads` reads, as when the task file is not visible yet;
 * - `drift`: numbers under the keys `fields` in the answer come back as strings.
 *
 * `path` is a glob or RegExp (see `PathPattern`); `method` limits to one HTTP method;
 * `rate` (0..1) is the chance a matching request is hit, drawn from the simulator's seeded
 * random source (`faultSeed`); `times` limits how many requests are hit (unlimited when absent).
 */
export interface FaultSpec {
  readonly kind: FaultKind;
  readonly path?: PathPattern;
  readonly method?: string;
  readonly times?: number;
  readonly rate?: number;
  readonly ms?: number | readonly [number, number];
  readonly status?: number;
  readonly message?: string;
  /** `upid`: how many status reads of each hit task answer 400 (default 1). */
  readonly reads?: number;
  /** `drift`: the keys whose numbers turn into strings (default `DRIFT_FIELDS`). */
  readonly fields?: readonly string[];
}

export interface ActiveFault extends FaultSpec {
  readonly id: number;
}

/** The keys Proxmox is known to return as strings now and then. */
export const DRIFT_FIELDS: readonly string[] = [
  'vmid',
  'maxmem',
  'mem',
  'cpus',
  'maxcpu',
  'maxdisk',
  'disk',
  'uptime',
  'pid',
];

/** pveproxy's wait before each 401 (`auth-delay` without `ms`). */
export const PVEPROXY_AUTH_DELAY_MS = 3000;

function invalid(message: string): never {
  throw new SimulatorError('INVALID_FAULT', message);
}

function isMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function validateMs(ms: FaultSpec['ms']): void {
  if (isMs(ms)) return;
  if (Array.isArray(ms) && ms.length === 2 && isMs(ms[0]) && isMs(ms[1]) && ms[0] <= ms[1]) {
    return;
  }
  invalid('a delay fault needs ms: milliseconds >= 0, or a [min, max] pair with min <= max');
}

function validateCommon(spec: FaultSpec): void {
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) {
    invalid('times must be a positive integer (omit it for always)');
  }
  const rate = spec.rate;
  if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1)) {
    invalid('rate must be a number 0..1 (the chance a matching request is hit)');
  }
  if (spec.path !== undefined && typeof spec.path !== 'string' && !(spec.path instanceof RegExp)) {
    invalid('path must be a glob string (* within a segment, ** across) or a RegExp');
  }
  if (spec.method !== undefined && !/^[A-Za-z]+$/.test(spec.method)) {
    invalid(`method must be an HTTP method such as GET or POST, got '${spec.method}'`);
  }
}

export function validateFault(spec: FaultSpec): void {
  if (!FAULT_KINDS.includes(spec.kind)) {
    invalid(`fault kind must be one of ${FAULT_KINDS.map((kind) => `'${kind}'`).join(', ')}`);
  }
  validateCommon(spec);
  if (spec.kind === 'delay' || (spec.kind === 'auth-delay' && spec.ms !== undefined)) {
    validateMs(spec.ms);
  }
  const status = spec.status;
  const statusValid = Number.isInteger(status) && (status ?? 0) >= 200 && (status ?? 0) <= 599;
  if (spec.kind === 'status' && !statusValid) {
    invalid('a status fault needs status: an HTTP status 200-599');
  }
  if (spec.reads !== undefined && !(Number.isInteger(spec.reads) && spec.reads > 0)) {
    invalid('reads must be a positive integer: how many status reads answer 400');
  }
  if (spec.fields !== undefined && !spec.fields.every((field) => typeof field === 'string')) {
    invalid('fields must be a list of JSON keys, such as ["vmid", "maxmem"]');
  }
}

// AnyEvent::HTTP's pseudo-statuses, which pveproxy passes on when proxying to another node
// fails; the reason names the phase and the system error.
const PROXY_REASONS: Record<number, string> = {
  595: 'Errors during connection establishment, proxy handshake: No route to host',
  596: 'Errors during TLS negotiation, request sending and header processing: Connection timed out',
  597: 'Errors during body receiving or processing: Connection reset by peer',
  598: 'User aborted request via on_header or on_body',
  599: 'Other, usually nonretryable, errors (garbled URL etc.)',
};

/** The message a status fault answers with when the spec gives none. */
export function statusMessage(spec: FaultSpec): string {
  return spec.message ?? PROXY_REASONS[spec.status ?? 500] ?? 'simulated failure';
}
