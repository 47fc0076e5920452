import { cpus, totalmem } from 'node:os';

/** What the numbers were measured on: without it they mean nothing. */
export function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(0);
  return [
    `CPU: ${model}, ${cores.length} cores; ${memoryGiB} GiB RAM`,
    `Node ${process.version} on ${process.platform} ${process.arch}`,
  ].join('\n');
}
