/** One benchmark: `op` runs one request and throws if its answer is not the expected one. */
export interface BenchCase {
  readonly group: string;
  readonly name: string;
  readonly concurrency: number;
  /** The raw-undici case at the same concurrency; the result's ratio is taken against it. */
  readonly baseline?: string;
  readonly op: () => Promise<void>;
}

/** Every loop is bounded twice: by a count and by wall-clock time. */
export interface Limits {
  readonly warmupOps: number;
  readonly maxOps: number;
  readonly maxMs: number;
}

export interface BenchResult {
  readonly group: string;
  readonly name: string;
  readonly concurrency: number;
  readonly baseline: string | undefined;
  readonly ops: number;
  /** The median of the rounds' rates: one round slowed by a neighbour does not decide it. */
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** One round of one case. */
export interface Sample {
  readonly ops: number;
  readonly elapsedMs: number;
  readonly latencies: Float64Array;
}

/** Runs `concurrency` loops sharing one budget and records each operation's latency. */
export async function measure(bench: BenchCase, limits: Limits): Promise<Sample> {
  await runLoops(bench, limits.warmupOps, Number.POSITIVE_INFINITY, undefined);

  const latencies = new Float64Array(limits.maxOps);
  const started = performance.now();
  const ops = await runLoops(bench, limits.maxOps, started + limits.maxMs, latencies);
  const elapsedMs = performance.now() - started;
  return { ops, elapsedMs, latencies: latencies.subarray(0, ops) };
}

/** Folds the rounds of one case: median rate, percentiles over every recorded latency. */
export function summarize(bench: BenchCase, samples: readonly Sample[]): BenchResult {
  const rates = samples.map((sample) => (sample.ops / sample.elapsedMs) * 1000);
  const ops = samples.reduce((sum, sample) => sum + sample.ops, 0);
  const latencies = new Float64Array(ops);
  let offset = 0;
  for (const sample of samples) {
    latencies.set(sample.latencies, offset);
    offset += sample.ops;
  }
  latencies.sort();
  return {
    group: bench.group,
    name: bench.name,
    concurrency: bench.concurrency,
    baseline: bench.baseline,
    ops,
    opsPerSecond: median(rates),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

async function runLoops(
  bench: BenchCase,
  maxOps: number,
  deadline: number,
  latencies: Float64Array | undefined,
): Promise<number> {
  let issued = 0;
  const loop = async () => {
    while (issued < maxOps && performance.now() < deadline) {
      const index = issued++;
      const start = performance.now();
      await bench.op();
      if (latencies) latencies[index] = performance.now() - start;
    }
  };
  await Promise.all(Array.from({ length: bench.concurrency }, loop));
  return issued;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}
