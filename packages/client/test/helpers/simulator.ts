import { createServer } from 'node:net';
import { createSimulator, type Simulator, type SimulatorOptions } from '@pvekit/simulator';
import type { FetchLike, ProxmoxLogger } from '../../src/index.js';

export const ROOT_PASSWORD = 'root-Passw0rd-for-tests';

export function simulator(options: SimulatorOptions = {}): Simulator {
  return createSimulator({ rootPassword: ROOT_PASSWORD, ...options });
}

/** The simulator's in-memory fetch, typed as the client's transport. */
export function memoryFetch(sim: Simulator): FetchLike {
  return sim.fetch as FetchLike;
}

/** Requests that reached the simulator, filtered by method and API path. */
export function received(sim: Simulator, method: string, apiPath: string) {
  return sim.requests.filter(
    (request) => request.method === method && request.path === `/api2/json${apiPath}`,
  );
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A console-shaped logger that keeps every argument of every call, as text. */
export function capturingLogger(): ProxmoxLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (...args: unknown[]) => {
      const text = args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)));
      lines.push(`${level} ${text.join(' ')}`);
    };
  return {
    lines,
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
  };
}
