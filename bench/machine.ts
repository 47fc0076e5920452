import { cpus, loadavg, totalmem } from 'node:os';

/** What the numbers were measured on, as a Markdown list: without it they mean nothing. */
export function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(0);
  return [
    `CPU: ${model}, ${cores.length} cores; ${memoryGiB} GiB RAM`,
    `Node ${process.version} on ${process.platform} ${process.arch}`,
    // On a shared machine the load says how far to trust the run.
    `Load average at start (1/5/15 min): ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' / ')}`,
  ]
    .map((line) => `- ${line}`)
    .join('\n');
}
