import type { Command } from 'commander';

export function registerCodegen(program: Command): void {
  program.command('codegen').description('not built yet');
}
