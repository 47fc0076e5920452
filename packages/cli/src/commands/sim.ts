import { randomBytes } from 'node:crypto';
import { startSimulator } from '@pvekit/simulator';
import type { Command } from 'commander';
import pc from 'picocolors';

interface SimCommandOptions {
  readonly host: string;
  readonly port: string;
  readonly rootPassword?: string;
  readonly http?: boolean;
  readonly state?: string;
  readonly nodes: string;
}

// Usage errors exit with 2, as command-line tools conventionally do.
const USAGE_EXIT_CODE = 2;

function parsePort(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

function rootPassword(options: SimCommandOptions): { password: string; generated: boolean } {
  const given = options.rootPassword ?? process.env.PVEKIT_SIM_ROOT_PASSWORD;
  if (given !== undefined && given !== '') return { password: given, generated: false };
  return { password: randomBytes(12).toString('base64url'), generated: true };
}

/** Resolves once SIGINT or SIGTERM arrives. */
function untilStopped(): Promise<NodeJS.Signals> {
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

function parseNodes(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const nodes = Number(text);
  return nodes >= 1 && nodes <= 32 ? nodes : undefined;
}

async function serve(options: SimCommandOptions, port: number, nodes: number): Promise<void> {
  const root = rootPassword(options);
  const stopped = untilStopped();
  const run = await startSimulator({
    host: options.host,
    port,
    rootPassword: root.password,
    nodes,
    ...(options.http === true ? { http: true } : {}),
    ...(options.state !== undefined ? { stateFile: options.state } : {}),
  });

  console.log(`${pc.bold('pvekit simulator')} listening on ${pc.cyan(run.url)}`);
  console.log(`certificate fingerprint (SHA-256): ${run.fingerprint}`);
  console.log(`username: ${run.credentials.username}`);
  // A password the user chose is theirs to know; only a generated one is shown.
  console.log(`password: ${root.generated ? root.password : '(as given)'}`);
  if (options.state !== undefined) console.log(`state file: ${options.state}`);
  console.log(pc.dim('Ctrl-C to stop'));

  const signal = await stopped;
  await run.close();
  console.log(pc.dim(`stopped (${signal})`));
}

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run an in-memory Proxmox VE node that speaks the real API, for tests and demos')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8006')
    .option(
      '--root-password <password>',
      'password of root@pam (default: $PVEKIT_SIM_ROOT_PASSWORD, else a random one)',
    )
    .option('--http', 'serve plain HTTP instead of HTTPS')
    .option('--nodes <count>', 'cluster members pve1, pve2, … (1-32)', '1')
    .option('--state <file>', 'keep nodes, storages and guests in this JSON file across runs')
    .action(async (options: SimCommandOptions, command: Command) => {
      const port = parsePort(options.port);
      if (port === undefined) {
        const got = `got '${options.port}'`;
        command.error(`error: --port must be an integer 0-65535 (0 picks a free port), ${got}`, {
          exitCode: USAGE_EXIT_CODE,
        });
      }
      const nodes = parseNodes(options.nodes);
      if (nodes === undefined) {
        command.error(`error: --nodes must be an integer 1-32, got '${options.nodes}'`, {
          exitCode: USAGE_EXIT_CODE,
        });
      }
      try {
        await serve(options, port, nodes);
      } catch (error) {
        // Startup failures (address in use, bad host) are the user's to fix, not a crash.
        const message = error instanceof Error ? error.message : String(error);
        command.error(`error: cannot start the simulator: ${message}`, { exitCode: 1 });
      }
    });
}
