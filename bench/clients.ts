// Client libraries doing the same call as the raw transports: pvekit and a peer.
import { createRequire } from 'node:module';
// proxmox-api is GPL-3.0: a devDependency run here only to measure against, never bundled.
import proxmoxApi, { type ProxmoxEngineOptions } from 'proxmox-api';
import { ProxmoxClient } from 'pvekit';
import type { BenchCase } from './measure.js';
import type { Target } from './target.js';
import { RAW_UNDICI } from './transports.js';

const GROUP = 'client (GET /version)';

export interface Clients {
  readonly cases: BenchCase[];
  close(): Promise<void>;
}

interface VersionInfo {
  readonly version?: unknown;
}

function expectVersion(answer: VersionInfo, who: string): void {
  if (typeof answer.version !== 'string') throw new Error(`${who}: /version had no version`);
}

export function clientCases(target: Target, concurrencies: readonly number[]): Clients {
  const pvekit = new ProxmoxClient({
    baseUrl: target.url,
    auth: { tokenId: target.tokenId, secret: target.secret },
    tls: { fingerprint: target.fingerprint },
  });
  const peer = peerClient(target);

  const cases = concurrencies.flatMap((concurrency): BenchCase[] => [
    {
      group: GROUP,
      name: 'pvekit ProxmoxClient',
      concurrency,
      baseline: RAW_UNDICI,
      op: async () => expectVersion(await pvekit.get<VersionInfo>('/version'), 'pvekit'),
    },
    {
      group: GROUP,
      name: 'proxmox-api (peer)',
      concurrency,
      baseline: RAW_UNDICI,
      op: async () => expectVersion(await peer.api.version.$get(), 'proxmox-api'),
    },
  ]);
  return { cases, close: async () => Promise.all([pvekit.close(), peer.close()]).then(() => {}) };
}

type PeerFetch = NonNullable<ProxmoxEngineOptions['fetch']>;

/** The part of the peer's own undici (a major version older than ours) used here. */
interface PeerUndici {
  readonly Agent: new (options: { connect: { ca: string } }) => { close(): Promise<void> };
  readonly fetch: (url: Parameters<PeerFetch>[0], init: object) => ReturnType<PeerFetch>;
}

/**
 * The peer trusts a private CA only through an injected fetch (its README); this one is the
 * peer's own undici `fetch` with a keep-alive Agent that trusts the simulator's certificate.
 */
function peerClient(target: Target) {
  const peerRequire = createRequire(createRequire(import.meta.url).resolve('proxmox-api'));
  const peerUndici = peerRequire('undici') as PeerUndici;
  const agent = new peerUndici.Agent({ connect: { ca: target.certificate } });
  const api = proxmoxApi({
    host: target.host,
    port: target.port,
    tokenID: target.tokenId,
    tokenSecret: target.secret,
    fetch: (url, init) => peerUndici.fetch(url, { ...init, dispatcher: agent }),
  });
  return { api, close: () => agent.close() };
}
