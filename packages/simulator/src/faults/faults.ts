import { SimulatorError } from '../errors.js';

/**
 * A switch that makes the simulator misbehave for matching requests:
 * - `drop`: the connection is cut after the request arrived, with no answer;
 * - `delay`: the answer comes `ms` milliseconds late;
 * - `status`: the answer is `status` with `message`, whatever the request was.
 * `path` is the API path below `/api2/json` (a string also matches the full URL path);
 * `times` limits how many requests the fault hits (unlimited when absent).
 */
export interface FaultSpec {
  readonly kind: 'drop' | 'delay' | 'status';
  readonly path?: string | RegExp;
  readonly method?: string;
  readonly times?: number;
  readonly ms?: number;
  readonly status?: number;
  readonly message?: string;
}

export interface ActiveFault extends FaultSpec {
  readonly id: number;
}

function validate(spec: FaultSpec): void {
  if (!['drop', 'delay', 'status'].includes(spec.kind)) {
    throw new SimulatorError('INVALID_FAULT', `fault kind must be 'drop', 'delay' or 'status'`);
  }
  if (spec.kind === 'delay' && !(typeof spec.ms === 'number' && spec.ms >= 0)) {
    throw new SimulatorError('INVALID_FAULT', 'a delay fault needs ms: a number of milliseconds');
  }
  const status = spec.status;
  if (
    spec.kind === 'status' &&
    !(Number.isInteger(status) && status && status >= 200 && status <= 599)
  ) {
    throw new SimulatorError(
      'INVALID_FAULT',
      'a status fault needs status: an HTTP status 200-599',
    );
  }
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) {
    throw new SimulatorError(
      'INVALID_FAULT',
      'times must be a positive integer (omit it for always)',
    );
  }
}

function pathMatches(pattern: string | RegExp | undefined, apiPath: string, urlPath: string) {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return pattern === apiPath || pattern === urlPath;
  return pattern.test(apiPath);
}

export class FaultSwitchboard {
  #nextId = 1;
  readonly #faults: { fault: ActiveFault; remaining: number }[] = [];

  add(spec: FaultSpec): number {
    validate(spec);
    const fault: ActiveFault = { ...spec, id: this.#nextId++ };
    this.#faults.push({ fault, remaining: spec.times ?? Number.POSITIVE_INFINITY });
    return fault.id;
  }

  remove(id: number): void {
    const index = this.#faults.findIndex((entry) => entry.fault.id === id);
    if (index >= 0) this.#faults.splice(index, 1);
  }

  clear(): void {
    this.#faults.length = 0;
  }

  list(): ActiveFault[] {
    return this.#faults.map((entry) => entry.fault);
  }

  /** The first fault that hits this request, used up by one. */
  take(method: string, apiPath: string, urlPath: string): ActiveFault | undefined {
    const entry = this.#faults.find(
      ({ fault }) =>
        (fault.method === undefined || fault.method.toUpperCase() === method) &&
        pathMatches(fault.path, apiPath, urlPath),
    );
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.remove(entry.fault.id);
    return entry.fault;
  }
}
