// `npm run bench`: one run of every case, printed as Markdown. Speed is measured here and never
// asserted in tests. Everything stays on this machine: the simulator listens on loopback.
import { clientCases } from './clients.js';
import { inMemoryCases } from './in-memory.js';
import { describeMachine } from './machine.js';
import {
  type BenchCase,
  type BenchResult,
  type Limits,
  measure,
  type Sample,
  summarize,
} from './measure.js';
import { measureGuestMemory } from './memory.js';
import { memoryLine, resultTable } from './report.js';
import { startTarget } from './target.js';
import { transportCases } from './transports.js';

const CONCURRENCIES = [1, 8, 32] as const;
const GUESTS = 10_000;
// Making the guests is bounded in time too, in case the state model slows down as it grows.
const GUEST_BUDGET_MS = 120_000;

interface Plan {
  readonly limits: Limits;
  readonly rounds: number;
  readonly guests: number;
}

/**
 * `--ms=<n>`: time budget of each case in each round (default 1000); `--rounds=<n>` (default
 * 3); `--quick`: 200 ms, 1 round and 2,000 VMs, for checking that every case runs.
 */
function planFrom(argv: readonly string[]): Plan {
  const quick = argv.includes('--quick');
  const maxMs = numberArgument(argv, 'ms', quick ? 200 : 1000);
  const rounds = numberArgument(argv, 'rounds', quick ? 1 : 3);
  const limits = { warmupOps: quick ? 20 : 200, maxOps: 50_000, maxMs };
  return { limits, rounds, guests: quick ? 2000 : GUESTS };
}

function numberArgument(argv: readonly string[], name: string, fallback: number): number {
  const prefix = `--${name}=`;
  const given = argv.find((argument) => argument.startsWith(prefix));
  if (given === undefined) return fallback;
  const value = Number(given.slice(prefix.length));
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${prefix}<n> must be a positive integer, got '${given}'`);
  }
  return value;
}

// Rounds go through every case in turn, so a burst of load from elsewhere on a shared machine
// lands on all cases alike instead of on whichever ran at that moment.
async function runAll(cases: readonly BenchCase[], plan: Plan): Promise<BenchResult[]> {
  const samples = cases.map((): Sample[] => []);
  for (let round = 1; round <= plan.rounds; round++) {
    console.error(`round ${round}/${plan.rounds}`);
    for (const [index, bench] of cases.entries()) {
      const sample = await measure(bench, plan.limits);
      samples[index]?.push(sample);
      const rate = Math.round((sample.ops / sample.elapsedMs) * 1000);
      console.error(`  ${bench.name} x${bench.concurrency}: ${rate} ops/s`);
    }
  }
  return cases.map((bench, index) => summarize(bench, samples[index] ?? []));
}

async function main(): Promise<void> {
  const plan = planFrom(process.argv.slice(2));
  console.log(`# pvekit benchmarks, ${new Date().toISOString()}\n`);
  console.log(`${describeMachine()}`);
  const { maxMs, maxOps } = plan.limits;
  console.log(`- Each case: ${plan.rounds} rounds of ${maxMs} ms or ${maxOps} operations\n`);

  // First, while the heap holds nothing else of ours.
  console.log(`${memoryLine(measureGuestMemory(plan.guests, 3, GUEST_BUDGET_MS))}\n`);

  const target = await startTarget();
  const transports = transportCases(target, CONCURRENCIES);
  const clients = clientCases(target, CONCURRENCIES);
  const memory = await inMemoryCases();
  try {
    const results = await runAll([...transports.cases, ...clients.cases, ...memory.cases], plan);
    console.log(resultTable(results));
  } finally {
    await Promise.all([transports.close(), clients.close(), memory.close()]);
    await target.close();
  }
}

await main();
