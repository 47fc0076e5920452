import { spawn } from 'node:child_process';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { failure, PackCheckError, run, untilExit } from './process.js';

// What `pvekit sim` prints once it listens: its URL, then its certificate's fingerprint.
const BANNER = /listening on (https:\/\/\S+)[\s\S]*fingerprint \(SHA-256\): ([0-9A-F:]{95})/;

interface Banner {
  readonly url: string;
  readonly fingerprint: string;
}

/** `pvekit --help` from the installed bin: the shebang, the bin link and commander's wiring. */
export async function checkHelp(bin: string, cwd: string): Promise<void> {
  const { stdout } = await run('pvekit --help', bin, ['--help'], { cwd, timeoutMs: 20_000 });
  for (const command of ['sim', 'codegen']) {
    if (!new RegExp(`^\\s+${command}\\b`, 'm').test(stdout)) {
      throw new PackCheckError(`pvekit --help lists no '${command}' command:\n${stdout}`);
    }
  }
}

/**
 * `pvekit sim --port 0`: waits for its banner, asks it for `/version` over TLS (a 401, since no
 * credentials are sent, from the certificate it printed), then stops it with SIGTERM and
 * expects a clean exit.
 */
export async function checkSim(bin: string, cwd: string): Promise<string> {
  const argv = [bin, 'sim', '--port', '0'];
  const child = spawn(bin, argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = untilExit(child, 30_000);
  let banner: Banner;
  try {
    banner = await readBanner(child.stdout, 20_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw failure(`pvekit sim (${(error as Error).message})`, argv, await exited);
  }

  const answer = await versionAnswer(banner.url).finally(() => child.kill('SIGTERM'));
  const finished = await exited;
  if (finished.code !== 0) throw failure('pvekit sim after SIGTERM', argv, finished);
  if (answer.status !== 401 || answer.fingerprint !== banner.fingerprint) {
    throw new PackCheckError(
      `pvekit sim at ${banner.url}: GET /version without credentials gave ${answer.status}` +
        ` (expected 401) from a certificate ${answer.fingerprint}` +
        ` (expected the printed ${banner.fingerprint})`,
    );
  }
  return banner.url;
}

function readBanner(stdout: NodeJS.ReadableStream | null, timeoutMs: number): Promise<Banner> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no banner within ${timeoutMs} ms`)),
      timeoutMs,
    );
    stdout?.on('data', (chunk: Buffer | string) => {
      seen += chunk.toString();
      const match = BANNER.exec(seen);
      if (match?.[1] === undefined || match[2] === undefined) return;
      clearTimeout(timer);
      resolve({ url: match[1], fingerprint: match[2] });
    });
    stdout?.once('end', () => {
      clearTimeout(timer);
      reject(new Error('it exited before printing where it listens'));
    });
  });
}

// The certificate is checked against the printed fingerprint by hand, so verification is off;
// the client's own pinning is proven by the consumer script.
function versionAnswer(url: string): Promise<{ status: number; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api2/json/version`, { rejectUnauthorized: false }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '';
      res.resume();
      resolve({ status: res.statusCode ?? 0, fingerprint });
    });
    req.once('error', reject);
    req.end();
  });
}
