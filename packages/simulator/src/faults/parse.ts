import { SimulatorError } from '../errors.js';
import { FAULT_KINDS, type FaultKind, type FaultSpec, validateFault } from './spec.js';

/**
 * The text form of a fault, as `pvekit sim --fault` takes it: the kind (with its value after
 * `=`), then comma-separated `key=value` limits.
 *
 *   drop                          cut the connection
 *   delay=250 | delay=100-400     hold the answer (fixed ms, or a range drawn per request)
 *   auth-delay | auth-delay=500   hold each 401 (default 3000 ms, as pveproxy)
 *   status=596                    answer this status (595-599 get pveproxy's reasons)
 *   lock                          500 "can't lock file …" on guest-changing calls
 *   upid | upid=2                 new tasks answer 400 "no such task" on the first 1 (2) reads
 *   drift | drift=vmid+maxmem     numbers as strings (default keys, or the '+'-joined ones)
 *
 *   limits: path=<glob> method=<GET|POST|…> rate=<0..1> times=<n> message=<text>
 *
 * Example: `status=596,path=/nodes/pve1/qemu/**,rate=0.1`.
 */
const FAULT_GRAMMAR_HEAD =
  'KIND[=VALUE][,path=GLOB][,method=M][,rate=0..1][,times=N][,message=TEXT]';

const KIND_FORMS = [
  'drop',
  'delay=MS or MIN-MAX',
  'auth-delay[=MS]',
  'status=CODE',
  'lock',
  'upid[=READS]',
  'drift[=KEY+KEY]',
];

export const FAULT_GRAMMAR = [
  FAULT_GRAMMAR_HEAD,
  `  ${KIND_FORMS.join(' | ')}`,
  '  GLOB: * within a path segment, ** across segments; e.g. status=596,path=/nodes/*/qemu/**',
].join('\n');

function invalid(text: string, why: string): never {
  throw new SimulatorError('INVALID_FAULT', `fault '${text}': ${why}; form: ${FAULT_GRAMMAR_HEAD}`);
}

function number(text: string, value: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(value)) invalid(text, `${what} must be a number, got '${value}'`);
  return Number(value);
}

function kindValue(text: string, kind: FaultKind, value: string | undefined): Partial<FaultSpec> {
  if (value === undefined) {
    if (kind === 'delay' || kind === 'status') invalid(text, `${kind} needs a value: ${kind}=…`);
    return {};
  }
  switch (kind) {
    case 'auth-delay':
    case 'delay': {
      const range = /^(\d+)-(\d+)$/.exec(value);
      if (range) return { ms: [Number(range[1]), Number(range[2])] };
      return { ms: number(text, value, 'delay') };
    }
    case 'status':
      return { status: number(text, value, 'status') };
    case 'upid':
      return { reads: number(text, value, 'upid reads') };
    case 'drift':
      return { fields: value.split('+').filter((field) => field !== '') };
    default:
      return invalid(text, `${kind} takes no value`);
  }
}

function limit(text: string, key: string, value: string): Partial<FaultSpec> {
  switch (key) {
    case 'path':
      return { path: value };
    case 'method':
      return { method: value.toUpperCase() };
    case 'rate':
      return { rate: number(text, value, 'rate') };
    case 'times':
      return { times: number(text, value, 'times') };
    case 'message':
      return { message: value };
    default:
      return invalid(text, `unknown key '${key}'; keys: path, method, rate, times, message`);
  }
}

function split(part: string): [string, string | undefined] {
  const at = part.indexOf('=');
  return at < 0 ? [part.trim(), undefined] : [part.slice(0, at).trim(), part.slice(at + 1)];
}

/** Reads one fault in the `--fault` text form; a typed error says what is wrong. */
export function parseFault(text: string): FaultSpec {
  const [head = '', ...rest] = text.split(',');
  const [kind, value] = split(head);
  if (!FAULT_KINDS.includes(kind as FaultKind)) {
    invalid(text, `unknown kind '${kind}'; kinds: ${FAULT_KINDS.join(', ')}`);
  }
  let spec: FaultSpec = { kind: kind as FaultKind, ...kindValue(text, kind as FaultKind, value) };
  for (const part of rest) {
    const [key, given] = split(part);
    if (given === undefined || given === '') invalid(text, `'${key}' needs a value: ${key}=…`);
    spec = { ...spec, ...limit(text, key, given) };
  }
  try {
    validateFault(spec);
  } catch (error) {
    invalid(text, error instanceof Error ? error.message : String(error));
  }
  return spec;
}
