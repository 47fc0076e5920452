import { Command } from 'commander';
import { registerCodegen } from './commands/codegen.js';
import { registerSim } from './commands/sim.js';

// The entry point only wires command groups together; each group lives in commands/.
export function buildProgram(): Command {
  const program = new Command('pvekit')
    .description('Proxmox VE from the command line: API verbs, tasks and a simulator')
    .showHelpAfterError();

  registerSim(program);
  registerCodegen(program);
  return program;
}

export async function run(argv: readonly string[]): Promise<void> {
  await buildProgram().parseAsync([...argv]);
}
