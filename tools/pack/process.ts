import { type ChildProcess, spawn } from 'node:child_process';

/** A smoke-test step that failed, with what was run and what it printed. */
export class PackCheckError extends Error {
  override readonly name = 'PackCheckError';
}

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  /** The child is killed after this many milliseconds, so a hang fails instead of blocking. */
  readonly timeoutMs: number;
}

/** Runs a command to its end and fails with its output when it exits non-zero. */
export async function run(
  step: string,
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<Finished> {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const finished = await untilExit(child, options.timeoutMs);
  if (finished.code !== 0) throw failure(step, [command, ...args], finished);
  return finished;
}

/** Collects the child's output until it exits, or kills it after `timeoutMs`. */
export function untilExit(child: ChildProcess, timeoutMs: number): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function failure(step: string, argv: readonly string[], finished: Finished): Error {
  const how = finished.signal === null ? `exit code ${finished.code}` : `signal ${finished.signal}`;
  return new PackCheckError(
    [
      `${step}: \`${argv.join(' ')}\` ended with ${how}`,
      tail('stdout', finished.stdout),
      tail('stderr', finished.stderr),
    ].join('\n'),
  );
}

// The end of a long npm or tsc log is where the reason is.
function tail(label: string, text: string): string {
  const lines = text.trimEnd().split('\n').slice(-30);
  return `--- ${label} (last ${lines.length} lines) ---\n${lines.join('\n')}`;
}
