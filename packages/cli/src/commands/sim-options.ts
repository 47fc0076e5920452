import { FAULT_GRAMMAR, type FaultSpec, isLoopbackHost, parseFault } from '@pvekit/simulator';

/** What commander hands the `sim` action. */
export interface SimCommandOptions {
  readonly host: string;
  readonly port: string;
  readonly rootPassword?: string;
  readonly http?: boolean;
  readonly state?: string;
  readonly nodes: string;
  readonly seed?: string;
  readonly latency?: string;
  readonly authDelay?: string | boolean;
  readonly fault?: string[];
  readonly faultSeed?: string;
  readonly coverage?: boolean;
  readonly taskTime: string;
}

/** The checked settings a simulator run starts from. */
export interface SimSettings {
  readonly host: string;
  readonly port: number;
  readonly nodes: number;
  readonly http: boolean;
  readonly seed: 'demo' | undefined;
  readonly authDelayMs: number;
  readonly faults: FaultSpec[];
  readonly faultSeed: number | undefined;
  readonly taskDurations: 'realistic' | Readonly<Record<string, number>>;
}

/** pveproxy's own wait before each 401. */
export const PVEPROXY_AUTH_DELAY_MS = 3000;

const grammar = FAULT_GRAMMAR.replace(/\n\s*/g, '; ');
export const FAULT_HELP = `fault to switch on (repeatable): ${grammar}`;

/** A wrong command line: the message says which option and what it takes. */
export class SimUsageError extends Error {}

function integer(text: string, option: string, min: number, max: number, hint = ''): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new SimUsageError(`${option} must be an integer ${min}-${max}${hint}, got '${text}'`);
  }
  return value;
}

function latencyFault(text: string): FaultSpec {
  const range = /^(\d+)(?:-(\d+))?$/.exec(text);
  const min = Number(range?.[1]);
  const max = range?.[2] === undefined ? min : Number(range[2]);
  if (range === null || min > max) {
    throw new SimUsageError(`--latency takes milliseconds or a range MIN-MAX, got '${text}'`);
  }
  return { kind: 'delay', ms: min === max ? min : [min, max] };
}

function authDelay(given: string | boolean | undefined): number {
  if (given === undefined || given === false) return 0;
  if (given === true) return PVEPROXY_AUTH_DELAY_MS;
  return integer(given, '--auth-delay', 0, 600_000, ' (milliseconds)');
}

function faults(options: SimCommandOptions): FaultSpec[] {
  const specs = options.latency === undefined ? [] : [latencyFault(options.latency)];
  for (const text of options.fault ?? []) {
    try {
      specs.push(parseFault(text));
    } catch (error) {
      throw new SimUsageError(`--fault: ${(error as Error).message}`);
    }
  }
  return specs;
}

/**
 * `realistic` (Proxmox-like durations per task type), `instant`, or `TYPE=MS` pairs such as
 * `qmclone=8000,qmstart=500` (types not named finish at once).
 */
function taskDurations(text: string): SimSettings['taskDurations'] {
  if (text === 'realistic') return 'realistic';
  if (text === 'instant') return {};
  const table: Record<string, number> = {};
  for (const pair of text.split(',')) {
    const match = /^([a-z][a-z0-9-]*)=(\d+)$/.exec(pair.trim());
    if (match?.[1] === undefined) {
      throw new SimUsageError(
        `--task-time takes 'realistic', 'instant' or TYPE=MS pairs like qmclone=8000, got '${text}'`,
      );
    }
    table[match[1]] = Number(match[2]);
  }
  return table;
}

/** Checks the whole command line at once, before anything listens. */
export function simSettings(options: SimCommandOptions): SimSettings {
  const port = integer(options.port, '--port', 0, 65535, ' (0 picks a free port)');
  const nodes = integer(options.nodes, '--nodes', 1, 32);
  if (options.seed !== undefined && options.seed !== 'demo') {
    throw new SimUsageError(`--seed knows only 'demo', got '${options.seed}'`);
  }
  const http = options.http === true;
  if (http && !isLoopbackHost(options.host)) {
    throw new SimUsageError(
      `--http serves passwords and tickets in clear, so only on a loopback host ` +
        `(127.0.0.1, ::1, localhost), got '${options.host}'; drop --http to serve HTTPS`,
    );
  }
  const faultSeed =
    options.faultSeed === undefined
      ? undefined
      : integer(options.faultSeed, '--fault-seed', 0, 2 ** 31 - 1);
  return {
    host: options.host,
    port,
    nodes,
    http,
    seed: options.seed === 'demo' ? 'demo' : undefined,
    authDelayMs: authDelay(options.authDelay),
    faults: faults(options),
    faultSeed,
    taskDurations: taskDurations(options.taskTime),
  };
}
