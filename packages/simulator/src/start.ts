import { SimulatorError } from './errors.js';
import type { FaultSpec } from './faults/faults.js';
import { parseFault } from './faults/parse.js';
import { validateFault } from './faults/spec.js';
import type { FetchLike } from './server/fetch.js';
import type { ListenOptions } from './server/listener.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';

export interface StartOptions extends SimulatorOptions, ListenOptions {
  /** Faults switched on from the start: specs, or the `--fault` text form (`status=596,…`). */
  readonly faults?: readonly (FaultSpec | string)[];
}

export interface RunningSimulator {
  readonly url: string;
  readonly fingerprint: string;
  /** PEM of the served certificate, to trust as a custom CA. */
  readonly certificate: string;
  readonly credentials: Simulator['credentials'];
  /** The in-memory fetch of the simulator (no socket); use `url` to go over the network. */
  readonly fetch: FetchLike;
  readonly simulator: Simulator;
  close(): Promise<void>;
}

/** 127.0.0.0/8, ::1 and localhost: the addresses only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

function checkListenOptions(options: StartOptions): void {
  const { port, host, http } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new SimulatorError(
      'INVALID_OPTION',
      `port must be an integer 0-65535 (0 = any free port), got ${port}`,
    );
  }
  // Plain HTTP would send passwords and tickets in clear over a network.
  if (http === true && host !== undefined && !isLoopbackHost(host)) {
    throw new SimulatorError(
      'INVALID_OPTION',
      `http serves in clear, so only on a loopback host (127.0.0.1, ::1), got '${host}'`,
    );
  }
}

/** `createSimulator` + `listen` in one call, for users' tests and `pvekit sim`. */
export async function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  const { host, port, http, faults = [], ...simulatorOptions } = options;
  checkListenOptions(options);
  // Every fault is checked before anything starts, so a typo leaves nothing running.
  const specs = faults.map((fault) => (typeof fault === 'string' ? parseFault(fault) : fault));
  for (const spec of specs) validateFault(spec);
  const simulator = createSimulator(simulatorOptions);
  for (const spec of specs) simulator.faults.add(spec);
  const listener = await simulator.listen({
    ...(host !== undefined ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(http !== undefined ? { http } : {}),
  });
  return {
    url: listener.url,
    fingerprint: listener.fingerprint,
    certificate: listener.certificate,
    credentials: simulator.credentials,
    fetch: simulator.fetch,
    simulator,
    close: () => simulator.close(),
  };
}
