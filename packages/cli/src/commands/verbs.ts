import type { Command } from 'commander';
import type { HttpMethod, ProxmoxClient } from 'pvekit';
import { addConnectionOptions, type ConnectionFlags } from '../connection/flags.js';
import { CliUsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { formatResult, OUTPUT_FORMATS, outputFormat } from '../output/format.js';
import { parseParams } from '../params.js';
import { withSession } from './session.js';

interface VerbFlags extends ConnectionFlags {
  readonly outputFormat?: string;
  readonly wait?: boolean;
  readonly pollInterval?: string;
}

// pvesh's verbs: create is POST, set is PUT.
const VERBS: readonly [name: string, method: HttpMethod, summary: string][] = [
  ['get', 'GET', 'read a path (GET)'],
  ['create', 'POST', 'create below a path, or start an action (POST)'],
  ['set', 'PUT', 'change a path (PUT)'],
  ['delete', 'DELETE', 'delete a path (DELETE)'],
];

// Parameters share the command line with pvekit's own flags; `--` keeps them apart where an
// API parameter has a flag's name (a storage's `fingerprint`, a service's `port`).
const PARAMETER_HELP = `
Parameters follow the path as --name value; a repeated name sends a list, a bare --name
sends 1. Put them after -- when one is named like a pvekit flag:
  pvekit get /nodes/pve1/tasks --limit 5 --errors
  pvekit create /nodes/pve1/qemu --vmid 100 --memory 2048 --net0 virtio,bridge=vmbr0 --wait
  pvekit create /storage --storage pbs1 --type pbs -- --fingerprint AA:BB:…`;

export function registerVerbs(program: Command, io: CliIo): void {
  for (const [name, method, summary] of VERBS) {
    const command = program
      .command(name)
      .description(`${summary}; parameters as --name value`)
      .argument('<path>', 'API path, e.g. /nodes/pve1/qemu')
      .option('--output-format <format>', `${OUTPUT_FORMATS.join('|')} (text)`)
      .option('--wait', 'when a task starts, wait for it and stream its log to stderr')
      .option('--poll-interval <ms>', 'milliseconds between task status reads (1000)')
      .allowUnknownOption()
      .allowExcessArguments()
      .action((path: string, flags: VerbFlags, self: Command) =>
        callVerb(io, method, path, self.args.slice(1), flags),
      );
    addConnectionOptions(command).addHelpText('after', PARAMETER_HELP);
  }

  const ls = program
    .command('ls')
    .description('list what a path holds, one name per line')
    .argument('<path>', 'API path, e.g. /nodes')
    .allowUnknownOption()
    .allowExcessArguments()
    .action((path: string, flags: ConnectionFlags, self: Command) =>
      list(io, path, self.args.slice(1), flags),
    );
  addConnectionOptions(ls);
}

function apiPath(path: string): string {
  if (!path.startsWith('/')) {
    throw new CliUsageError(
      `'${path}' is not an API path`,
      'paths start with /, e.g. /nodes or /cluster/resources',
    );
  }
  return path;
}

async function callVerb(
  io: CliIo,
  method: HttpMethod,
  path: string,
  words: readonly string[],
  flags: VerbFlags,
): Promise<void> {
  const format = outputFormat(flags.outputFormat);
  const target = apiPath(path);
  const params = parseParams(words);
  await withSession(flags, io, async ({ client }) => {
    const data = await client.request(method, target, params);
    io.stdout.write(formatResult(data, format));
    if (flags.wait === true && typeof data === 'string' && data.startsWith('UPID:')) {
      await waitStreaming(client, data, io, flags);
    }
  });
}

/** Waits for a task, its log going to stderr; a failed task rejects. */
export async function waitStreaming(
  client: ProxmoxClient,
  upid: string,
  io: CliIo,
  flags: { readonly pollInterval?: string; readonly timeout?: string },
) {
  return client.tasks.wait(upid, {
    ...pollOption(flags.pollInterval),
    ...(flags.timeout === undefined ? {} : { timeout: milliseconds('--timeout', flags.timeout) }),
    onLog: (line) => io.stderr.write(`${line.t}\n`),
  });
}

export function pollOption(text: string | undefined): { pollInterval?: number } {
  return text === undefined ? {} : { pollInterval: milliseconds('--poll-interval', text) };
}

function milliseconds(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) === 0) {
    throw new CliUsageError(`${flag} '${text}' is not a number of milliseconds > 0`);
  }
  return Number(text);
}

// Limitation: `ls` guesses each child's name from the fields Proxmox lists use (there is no
// schema at hand here); an index whose items use another field prints their JSON instead.
const NAME_FIELDS = [
  'subdir',
  'name',
  'node',
  'vmid',
  'storage',
  'volid',
  'upid',
  'userid',
  'groupid',
  'roleid',
  'realm',
  'iface',
  'id',
];

async function list(io: CliIo, path: string, words: readonly string[], flags: ConnectionFlags) {
  const target = apiPath(path);
  const params = parseParams(words);
  await withSession(flags, io, async ({ client }) => {
    const data = await client.get(target, params);
    const items = Array.isArray(data) ? data : [];
    for (const item of items) io.stdout.write(`${childName(item)}\n`);
  });
}

function childName(item: unknown): string {
  if (typeof item !== 'object' || item === null) return String(item);
  const record = item as Record<string, unknown>;
  const field = NAME_FIELDS.find((name) => record[name] !== undefined);
  return field === undefined ? JSON.stringify(item) : String(record[field]);
}
