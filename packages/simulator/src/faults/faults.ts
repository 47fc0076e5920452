import type { RandomSource } from '../state/cluster/context.js';
import { compilePattern, patternMatches } from './glob.js';
import { HeldTasks } from './held-tasks.js';
import { type ActiveFault, type FaultSpec, validateFault } from './spec.js';

export type { ActiveFault, FaultKind, FaultSpec } from './spec.js';

/** What a fault is tested against: the request as it arrived. */
export interface FaultTarget {
  readonly method: string;
  readonly apiPath: string;
  readonly urlPath: string;
}

// Kinds that answer in place of the handler: one of them per request at most.
export const ANSWERING: ReadonlySet<string> = new Set(['drop', 'status', 'lock']);

interface Entry {
  readonly fault: ActiveFault;
  readonly path: RegExp | undefined;
  remaining: number;
}

/**
 * The active faults. Each request draws from the seeded random source once per matching fault
 * that has a `rate`, so a run with the same seed and the same requests hits the same ones.
 */
export class FaultSwitchboard {
  #nextId = 1;
  readonly #entries: Entry[] = [];
  readonly #random: RandomSource;
  /** Tasks whose status reads `upid` faults refuse for now. */
  readonly held = new HeldTasks();

  constructor(random: RandomSource) {
    this.#random = random;
  }

  /** The next number from the fault random source (delay ranges draw from it too). */
  random(): number {
    return this.#random();
  }

  add(spec: FaultSpec): number {
    validateFault(spec);
    const fault: ActiveFault = { ...spec, id: this.#nextId++ };
    this.#entries.push({
      fault,
      path: compilePattern(spec.path),
      remaining: spec.times ?? Number.POSITIVE_INFINITY,
    });
    return fault.id;
  }

  remove(id: number): void {
    const index = this.#entries.findIndex((entry) => entry.fault.id === id);
    if (index >= 0) this.#entries.splice(index, 1);
  }

  clear(): void {
    this.#entries.length = 0;
    this.held.clear();
  }

  list(): ActiveFault[] {
    return this.#entries.map((entry) => entry.fault);
  }

  /**
   * The faults that hit this request, each used up by one. `applies` lets the caller refuse a
   * fault for reasons only it can see (a lock fault needs a vmid) before any draw is made.
   */
  take(target: FaultTarget, applies: (fault: ActiveFault) => boolean = () => true): ActiveFault[] {
    const hits: ActiveFault[] = [];
    let answered = false;
    for (const entry of [...this.#entries]) {
      if (answered && ANSWERING.has(entry.fault.kind)) continue;
      if (!this.#matches(entry, target) || !applies(entry.fault)) continue;
      if (entry.fault.rate !== undefined && this.#random() >= entry.fault.rate) continue;
      hits.push(entry.fault);
      answered ||= ANSWERING.has(entry.fault.kind);
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.remove(entry.fault.id);
    }
    return hits;
  }

  #matches(entry: Entry, target: FaultTarget): boolean {
    const { method } = entry.fault;
    if (method !== undefined && method.toUpperCase() !== target.method) return false;
    return patternMatches(entry.path, target.apiPath, target.urlPath);
  }
}
