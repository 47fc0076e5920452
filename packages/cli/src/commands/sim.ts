import { randomBytes } from 'node:crypto';
import { coverage, type FaultSpec, startSimulator } from '@pvekit/simulator';
import type { Command } from 'commander';
import pc from 'picocolors';
import { EXIT_FAILURE, EXIT_USAGE } from '../errors.js';
import { type CliIo, processIo } from '../io.js';
import {
  FAULT_HELP,
  type SimCommandOptions,
  type SimSettings,
  SimUsageError,
  simSettings,
} from './sim-options.js';

/** Resolves with the reason the simulator should stop; tests pass their own. */
export type StopSignal = () => Promise<string>;

function rootPassword(options: SimCommandOptions, io: CliIo) {
  const given = options.rootPassword ?? io.env.PVEKIT_SIM_ROOT_PASSWORD;
  if (given !== undefined && given !== '') return { password: given, generated: false };
  return { password: randomBytes(12).toString('base64url'), generated: true };
}

/** Resolves once SIGINT or SIGTERM arrives. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function describeFault(spec: FaultSpec): string {
  const parts = Object.entries(spec).map(([key, value]) =>
    key === 'kind' ? String(value) : `${key}=${Array.isArray(value) ? value.join('-') : value}`,
  );
  return parts.join(',');
}

async function serve(
  options: SimCommandOptions,
  settings: SimSettings,
  io: CliIo,
  stopSignal: StopSignal,
): Promise<void> {
  const root = rootPassword(options, io);
  const stopped = stopSignal();
  const run = await startSimulator({
    host: settings.host,
    port: settings.port,
    rootPassword: root.password,
    nodes: settings.nodes,
    http: settings.http,
    authFailureDelayMs: settings.authDelayMs,
    taskDurations: settings.taskDurations,
    faults: settings.faults,
    ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    ...(settings.faultSeed !== undefined ? { faultSeed: settings.faultSeed } : {}),
    ...(options.state !== undefined ? { stateFile: options.state } : {}),
  });
  const colors = pc.createColors(io.stdout.isTTY === true && !io.env.NO_COLOR);
  const say = (line: string) => io.stdout.write(`${line}\n`);
  say(`${colors.bold('pvekit simulator')} listening on ${colors.cyan(run.url)}`);
  say(`certificate fingerprint (SHA-256): ${run.fingerprint}`);
  if (options.state !== undefined) say(`state file: ${options.state}`);
  if (settings.seed !== undefined) say(`seed: ${settings.seed}`);
  if (settings.authDelayMs > 0) say(`delay before each 401: ${settings.authDelayMs} ms`);
  for (const fault of settings.faults) say(`fault: ${describeFault(fault)}`);
  say(`username: ${run.credentials.username}`);
  // A password the user chose is theirs to know; only a generated one is shown.
  say(`password: ${root.generated ? root.password : '(as given)'}`);
  say(colors.dim('Ctrl-C to stop'));

  const reason = await stopped;
  await run.close();
  say(colors.dim(`stopped (${reason})`));
}

/** The endpoints of the schema and whether the simulator models each, one per line. */
function printCoverage(io: CliIo): void {
  const modelled = coverage();
  const path = (key: string) => key.slice(key.indexOf(' ') + 1);
  const keys = Object.keys(modelled).sort(
    (a, b) => path(a).localeCompare(path(b)) || a.localeCompare(b),
  );
  const count = keys.filter((key) => modelled[key]).length;
  const colors = pc.createColors(io.stdout.isTTY === true && !io.env.NO_COLOR);
  const lines = [`${count} of ${keys.length} endpoints of the schema are modelled`, ''];
  lines.push('MODELLED  ENDPOINT');
  for (const key of keys) {
    lines.push(
      modelled[key] ? `${colors.green('yes')}       ${key}` : colors.dim(`no        ${key}`),
    );
  }
  io.stdout.write(`${lines.join('\n')}\n`);
}

export function registerSim(
  program: Command,
  io: CliIo = processIo(),
  stopSignal: StopSignal = untilSignal,
): void {
  program
    .command('sim')
    .description('run an in-memory Proxmox VE node that speaks the real API, for tests and demos')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8006')
    .option(
      '--root-password <password>',
      'password of root@pam (default: $PVEKIT_SIM_ROOT_PASSWORD, else a random one)',
    )
    .option('--http', 'serve plain HTTP instead of HTTPS (loopback hosts only)')
    .option('--nodes <count>', 'cluster members pve1, pve2, … (1-32)', '1')
    .option('--state <file>', 'keep nodes, storages and guests in this JSON file across runs')
    .option('--seed <name>', "start from a named setup: 'demo' (guests, pool, users, ACLs)")
    .option('--latency <ms>', 'delay every answer: milliseconds, or a range MIN-MAX')
    .option('--auth-delay [ms]', 'wait before each 401 as pveproxy does (default 3000 ms)')
    .option('--fault <spec>', FAULT_HELP, (spec: string, all: string[] = []) => [...all, spec])
    .option('--fault-seed <n>', 'seed of the random source fault rates and ranges draw from')
    .option(
      '--task-time <spec>',
      "worker task durations: 'realistic', 'instant', or TYPE=MS pairs (qmclone=8000,…)",
      'realistic',
    )
    .option('--coverage', 'print which API endpoints the simulator models, then exit')
    .action(async (options: SimCommandOptions, command: Command) => {
      if (options.coverage === true) {
        printCoverage(io);
        return;
      }
      let settings: SimSettings;
      try {
        settings = simSettings(options);
      } catch (error) {
        if (!(error instanceof SimUsageError)) throw error;
        command.error(`error: ${error.message}`, { exitCode: EXIT_USAGE });
      }
      try {
        await serve(options, settings, io, stopSignal);
      } catch (error) {
        // Startup failures (address in use, bad host) are the user's to fix, not a crash.
        const message = error instanceof Error ? error.message : String(error);
        command.error(`error: cannot start the simulator: ${message}`, {
          exitCode: EXIT_FAILURE,
        });
      }
    });
}
