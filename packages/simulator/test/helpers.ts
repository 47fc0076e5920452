import { createSimulator, type Simulator, type SimulatorOptions } from '../src/index.js';

export const ROOT_PASSWORD = 'root-secret';

/** A controllable clock: epoch milliseconds that only move when a test says so. */
export function manualClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export function simulator(options: SimulatorOptions = {}): Simulator {
  return createSimulator({ rootPassword: ROOT_PASSWORD, ...options });
}

export function form(values: Record<string, string>): URLSearchParams {
  return new URLSearchParams(values);
}

export interface Login {
  username: string;
  ticket: string;
  CSRFPreventionToken: string;
  cap?: Record<string, Record<string, number>>;
  NeedTFA?: number;
}

export async function login(sim: Simulator, username: string, password: string): Promise<Login> {
  const response = await sim.fetch('/api2/json/access/ticket', {
    method: 'POST',
    body: form({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return ((await response.json()) as { data: Login }).data;
}

export function cookie(ticket: string): Record<string, string> {
  return { cookie: `PVEAuthCookie=${encodeURIComponent(ticket)}` };
}

export function tokenHeader(
  tokenId: string,
  secret: string,
  separator = '=',
): Record<string, string> {
  return { authorization: `PVEAPIToken${separator}${tokenId}=${secret}` };
}
