import type { ClusterState } from './types.js';

/** Epoch milliseconds. Tests pass a clock they advance by hand. */
export type Clock = () => number;

/** A number in [0, 1), like `Math.random`. Tests pass a seeded source. */
export type RandomSource = () => number;

/** The state plus the two things operations must never take from the process. */
export interface Cluster {
  readonly state: ClusterState;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Config file locks held by operations in flight (see `locks.ts`). */
  readonly fileLocks: Set<number>;
}

export function bindCluster(state: ClusterState, clock: Clock, random: RandomSource): Cluster {
  return { state, clock, random, fileLocks: new Set() };
}

/** A small deterministic generator (mulberry32), for tests and reproducible demos. */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomHex(random: RandomSource, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** An RFC 4122 version 4 UUID drawn from the injected source. */
export function randomUuid(random: RandomSource): string {
  const hex = randomHex(random, 32).split('');
  hex[12] = '4';
  hex[16] = (8 + Math.floor(random() * 4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
