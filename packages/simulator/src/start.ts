import { SimulatorError } from './errors.js';
import type { FetchLike } from './server/fetch.js';
import type { ListenOptions } from './server/listener.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';

export interface StartOptions extends SimulatorOptions, ListenOptions {}

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

/** `createSimulator` + `listen` in one call, for users' tests and `pvekit sim`. */
export async function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  const { host, port, http, ...simulatorOptions } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new SimulatorError(
      'INVALID_OPTION',
      `port must be an integer 0-65535 (0 = any free port), got ${port}`,
    );
  }
  const simulator = createSimulator(simulatorOptions);
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
