import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { registerCodegen } from './commands/codegen.js';
import { registerLogin } from './commands/login.js';
import { registerSim } from './commands/sim.js';
import { registerTask } from './commands/task.js';
import { registerVerbs } from './commands/verbs.js';
import { describeError, EXIT_OK, EXIT_USAGE, exitCodeOf } from './errors.js';
import { type CliIo, processIo } from './io.js';

export type { CliIo } from './io.js';

// The entry point only wires command groups together; each group lives in commands/.
export function buildProgram(io: CliIo = processIo()): Command {
  const program = new Command('pvekit')
    .description('Proxmox VE from the command line: API verbs, tasks and a simulator')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  registerVerbs(program, io);
  registerTask(program, io);
  registerLogin(program, io);
  registerSim(program, io);
  registerCodegen(program);
  return program;
}

/**
 * Runs one command line (the words after `pvekit`) and resolves with the exit code: 0 done,
 * 1 the API or a task failed, 2 the command line was wrong. It never exits the process.
 */
export async function run(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...args], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error);
    const { message, hint } = describeError(error);
    const colors = pc.createColors(io.stderr.isTTY === true && !io.env.NO_COLOR);
    io.stderr.write(`${colors.red('error:')} ${message}\n`);
    if (hint !== undefined) io.stderr.write(`${colors.dim(`hint: ${hint}`)}\n`);
    return exitCodeOf(error);
  }
}

// Commander has printed its message already; only the exit code is left to decide.
function commanderExit(error: CommanderError): number {
  if (error.exitCode === 0) return EXIT_OK; // --help, --version
  // `command.error(…, { exitCode })` in a command chooses its own code.
  if (error.code === 'commander.error') return error.exitCode;
  return EXIT_USAGE;
}
