// The floor: the same request sent by hand over three Node HTTP stacks, each keeping its
// connections alive and trusting the simulator's self-signed certificate as a CA.
import https from 'node:https';
import { Agent, fetch, request } from 'undici';
import type { BenchCase } from './measure.js';
import { expectOk, type Target } from './target.js';

export const RAW_UNDICI = 'undici request';
const GROUP = 'raw transport (GET /version)';

export interface Transports {
  readonly cases: BenchCase[];
  close(): Promise<void>;
}

export function transportCases(target: Target, concurrencies: readonly number[]): Transports {
  const agent = new Agent({ connect: { ca: target.certificate } });
  const httpsAgent = new https.Agent({ keepAlive: true, ca: target.certificate });
  const versionUrl = `${target.url}/api2/json/version`;
  const headers = { authorization: target.authorization };

  const undiciRequest = async () => {
    const response = await request(versionUrl, { dispatcher: agent, headers });
    await response.body.json();
    expectOk(response.statusCode, RAW_UNDICI);
  };
  const undiciFetch = async () => {
    const response = await fetch(versionUrl, { dispatcher: agent, headers });
    await response.json();
    expectOk(response.status, 'undici fetch');
  };
  const nodeHttps = () => httpsGet(versionUrl, httpsAgent, headers);

  const cases = concurrencies.flatMap((concurrency): BenchCase[] => [
    { group: GROUP, name: RAW_UNDICI, concurrency, op: undiciRequest },
    { group: GROUP, name: 'undici fetch', concurrency, baseline: RAW_UNDICI, op: undiciFetch },
    { group: GROUP, name: 'node:https', concurrency, baseline: RAW_UNDICI, op: nodeHttps },
  ]);
  return {
    cases,
    close: async () => {
      httpsAgent.destroy();
      await agent.close();
    },
  };
}

function httpsGet(url: string, agent: https.Agent, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        try {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          expectOk(response.statusCode ?? 0, 'node:https');
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    req.once('error', reject);
  });
}
