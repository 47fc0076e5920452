import type { Command } from 'commander';
import { addConnectionOptions, type ConnectionFlags } from '../connection/flags.js';
import type { CliIo } from '../io.js';
import { formatResult, OUTPUT_FORMATS, outputFormat } from '../output/format.js';
import { parseParams } from '../params.js';
import { withSession } from './session.js';
import { pollOption, waitStreaming } from './verbs.js';

interface TaskFlags extends ConnectionFlags {
  readonly outputFormat?: string;
  readonly follow?: boolean;
  readonly pollInterval?: string;
  readonly timeout?: string;
}

const POLL_HELP = 'milliseconds between reads while the task runs (1000)';

const FORMAT_HELP = `${OUTPUT_FORMATS.join('|')} (text)`;

export function registerTask(program: Command, io: CliIo): void {
  const task = program.command('task').description('worker tasks: list, status, log, wait, stop');

  const list = task
    .command('list')
    .description("a node's tasks; filters as --limit 10, --errors, --typefilter vzdump …")
    .argument('<node>', 'node name, e.g. pve1')
    .option('--output-format <format>', FORMAT_HELP)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((node: string, flags: TaskFlags, self: Command) =>
      withSession(flags, io, async ({ client }) => {
        const filters = parseParams(self.args.slice(1));
        const tasks = await client.request('GET', '/nodes/{node}/tasks', { ...filters, node });
        io.stdout.write(formatResult(tasks, outputFormat(flags.outputFormat)));
      }),
    );

  const status = task
    .command('status')
    .description('where a task stands')
    .argument('<upid>')
    .option('--output-format <format>', FORMAT_HELP)
    .action((upid: string, flags: TaskFlags) =>
      withSession(flags, io, async ({ client }) => {
        const format = outputFormat(flags.outputFormat);
        io.stdout.write(formatResult(await client.tasks.status(upid), format));
      }),
    );

  const log = task
    .command('log')
    .description("a task's log; --follow keeps reading until it stopped")
    .argument('<upid>')
    .option('--follow', 'read new lines until the task has stopped')
    .option('--poll-interval <ms>', POLL_HELP)
    .action((upid: string, flags: TaskFlags) =>
      withSession(flags, io, async ({ client }) => {
        const options = { follow: flags.follow === true, ...pollOption(flags.pollInterval) };
        for await (const line of client.tasks.log(upid, options)) {
          io.stdout.write(`${line.t}\n`);
        }
      }),
    );

  const wait = task
    .command('wait')
    .description('wait for a task, its log to stderr; exit 1 if it failed')
    .argument('<upid>')
    .option('--output-format <format>', FORMAT_HELP)
    .option('--poll-interval <ms>', POLL_HELP)
    .option('--timeout <ms>', 'give up after this long (exit 1); the task goes on')
    .action((upid: string, flags: TaskFlags) =>
      withSession(flags, io, async ({ client }) => {
        const format = outputFormat(flags.outputFormat);
        const result = await waitStreaming(client, upid, io, flags);
        io.stdout.write(formatResult(result, format));
      }),
    );

  const stop = task
    .command('stop')
    .description('stop a running task')
    .argument('<upid>')
    .action((upid: string, flags: TaskFlags) =>
      withSession(flags, io, ({ client }) => client.tasks.stop(upid)),
    );

  for (const command of [list, status, log, wait, stop]) addConnectionOptions(command);
}
