import { type Clock, type FetchLike, ProxmoxClient, ProxmoxTaskError } from 'pvekit';
import { expect } from 'vitest';
import {
  createSimulator,
  ManualTaskClock,
  type Simulator,
  type SimulatorOptions,
} from '../src/index.js';

const PASSWORD = 'guest-tests-password';

// The client's request timeouts (30 s and more) sleep on the same clock: they never fire here.
const TIMEOUT_FLOOR_MS = 10_000;

export interface GuestWorld {
  sim: Simulator;
  /** Authenticated by an API token of root@pam. */
  client: ProxmoxClient;
  /** The same, logged in with root@pam's password (ticket cookie plus CSRF token). */
  ticketClient: ProxmoxClient;
  taskClock: ManualTaskClock;
}

/**
 * A simulator on a manual task clock and a pvekit client over its in-memory fetch, logged in
 * as root@pam with a token. Every poll pause of the client moves the task clock on, so a task
 * of 8 s ends after the client has waited 8 s of simulated time, with no real waiting.
 */
export async function guestWorld(options: SimulatorOptions = {}): Promise<GuestWorld> {
  const taskClock = new ManualTaskClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  const sim = createSimulator({ rootPassword: PASSWORD, taskClock, ...options });
  const token = await sim.access.createToken('root@pam', 'guests', { privsep: false });
  const clock: Clock = {
    now: () => taskClock.now(),
    async sleep(ms, signal) {
      if (ms >= TIMEOUT_FLOOR_MS) {
        return new Promise((_, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
        );
      }
      await taskClock.advance(ms);
    },
  };
  const client = new ProxmoxClient({
    baseUrl: 'https://pve1:8006',
    fetch: sim.fetch as FetchLike,
    auth: { tokenId: token.tokenId, secret: token.secret },
    clock,
  });
  const ticketClient = new ProxmoxClient({
    baseUrl: 'https://pve1:8006',
    fetch: sim.fetch as FetchLike,
    auth: { username: 'root@pam', password: PASSWORD },
    clock,
  });
  return { sim, client, ticketClient, taskClock };
}

/** Starts a task through the API and waits for it through the task endpoints. */
export async function run(
  world: GuestWorld,
  method: 'post' | 'put' | 'delete',
  path: string,
  params?: Record<string, unknown>,
): Promise<string> {
  const upid = await world.client[method]<string>(path, params as never);
  expect(upid).toMatch(/^UPID:/);
  await world.client.tasks.wait(upid, { pollInterval: 500 });
  return upid;
}

/** Runs a task that must fail and answers its exit status. */
export async function failing(
  world: GuestWorld,
  method: 'post' | 'put' | 'delete',
  path: string,
  params?: Record<string, unknown>,
): Promise<string> {
  const upid = await world.client[method]<string>(path, params as never);
  const error = await world.client.tasks.wait(upid, { pollInterval: 500 }).catch((e) => e);
  expect(error).toBeInstanceOf(ProxmoxTaskError);
  return (error as ProxmoxTaskError).exitstatus;
}

/** The error a call fails with (the test then checks its class and words). */
export async function refusal(call: Promise<unknown>): Promise<Error> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

export function taskType(upid: string): string {
  return upid.split(':')[5] ?? '';
}
