import { type RunningSimulator, startSimulator } from '@pvekit/simulator';

/** The simulator on a loopback TLS port, and an API token every case authenticates with. */
export interface Target {
  readonly sim: RunningSimulator;
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly tokenId: string;
  readonly secret: string;
  /** The `Authorization` value, for the raw transports that send it by hand. */
  readonly authorization: string;
}

export async function startTarget(): Promise<Target> {
  const sim = await startSimulator({ port: 0 });
  // privsep off: the token has root's rights, so no case measures a permission refusal.
  const token = await sim.simulator.access.createToken('root@pam', 'bench', { privsep: false });
  const url = new URL(sim.url);
  return {
    sim,
    url: sim.url,
    host: url.hostname,
    port: Number(url.port),
    tokenId: token.tokenId,
    secret: token.secret,
    authorization: `PVEAPIToken=${token.tokenId}=${token.secret}`,
  };
}

/** Fails the run when an answer is not a 200: a benchmark of errors measures nothing. */
export function expectOk(status: number, what: string): void {
  if (status !== 200) throw new Error(`${what} answered ${status}, expected 200`);
}
