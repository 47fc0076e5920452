import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The simulator on a loopback TLS port in its own process, and a token to call it with. */
export interface Target {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly fingerprint: string;
  /** PEM of the self-signed certificate, trusted as a CA by the raw transports. */
  readonly certificate: string;
  readonly tokenId: string;
  readonly secret: string;
  /** The `Authorization` value, for the raw transports that send it by hand. */
  readonly authorization: string;
  close(): Promise<void>;
}

interface Announcement {
  readonly url: string;
  readonly fingerprint: string;
  readonly certificate: string;
  readonly tokenId: string;
  readonly secret: string;
}

/** Starts `serve.ts` with this process's own loader flags (tsx, source condition). */
export async function startTarget(): Promise<Target> {
  const script = path.join(import.meta.dirname, 'serve.ts');
  const child = spawn(process.execPath, [...process.execArgv, script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench/serve.ts exited (${code}) at start`)));
  });
  const announced = JSON.parse(first) as Announcement;
  const url = new URL(announced.url);
  return {
    ...announced,
    host: url.hostname,
    port: Number(url.port),
    authorization: `PVEAPIToken=${announced.tokenId}=${announced.secret}`,
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/** Fails the run when an answer is not a 200: a benchmark of errors measures nothing. */
export function expectOk(status: number, what: string): void {
  if (status !== 200) throw new Error(`${what} answered ${status}, expected 200`);
}
