import type { BenchResult } from './measure.js';
import { type MemoryResult, SLICE } from './memory.js';

const HEADER = [
  '| group | case | concurrency | ops | ops/s | p50 ms | p99 ms | vs raw undici |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
];

/** A Markdown table, so one run can be pasted into docs/benchmarks.md as it is. */
export function resultTable(results: readonly BenchResult[]): string {
  const rows = results.map((result) => {
    const cells = [
      result.group,
      result.name,
      String(result.concurrency),
      String(result.ops),
      Math.round(result.opsPerSecond).toLocaleString('en-US'),
      result.p50Ms.toFixed(3),
      result.p99Ms.toFixed(3),
      ratio(result, results),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [...HEADER, ...rows].join('\n');
}

// Against the raw undici case at the same concurrency: the cost of everything above the socket.
function ratio(result: BenchResult, results: readonly BenchResult[]): string {
  if (result.baseline === undefined) {
    const isBaseline = results.some((other) => other.baseline === result.name && other !== result);
    return isBaseline ? '1.00 (baseline)' : '—';
  }
  const baseline = results.find(
    (other) => other.name === result.baseline && other.concurrency === result.concurrency,
  );
  if (baseline === undefined) return '—';
  return (result.opsPerSecond / baseline.opsPerSecond).toFixed(2);
}

export function memoryLine(result: MemoryResult): string {
  const mib = result.heapBytes / 1024 ** 2;
  const perGuest = result.heapBytes / result.guests;
  const slice = SLICE.toLocaleString('en-US');
  return [
    `${result.guests.toLocaleString('en-US')} VMs on ${result.nodes} nodes (state model):`,
    `heap +${mib.toFixed(1)} MiB, ${(perGuest / 1024).toFixed(2)} KiB per VM;`,
    `made in ${Math.round(result.createMs)} ms`,
    `(first ${slice}: ${Math.round(result.firstSliceMs)} ms,`,
    `last ${slice}: ${Math.round(result.lastSliceMs)} ms)`,
    result.stoppedEarly ? '- STOPPED EARLY: the time budget ran out' : '',
  ]
    .join(' ')
    .trimEnd();
}
