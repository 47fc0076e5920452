// The simulator alone: requests handed to its in-memory fetch, no socket, so what is left is
// routing, authentication, validation and the state change itself.
import { createSimulator, ManualTaskClock, type Simulator } from '@pvekit/simulator';
import { ProxmoxClient } from 'pvekit';
import type { BenchCase } from './measure.js';
import { expectOk } from './target.js';

const GROUP = 'simulator in memory (sim.fetch)';
const BASE = 'https://pve1:8006/api2/json';
const VMID = 100;

export interface InMemory {
  readonly cases: BenchCase[];
  close(): Promise<void>;
}

export async function inMemoryCases(): Promise<InMemory> {
  // A manual task clock lets the create task finish at once instead of after its duration.
  const taskClock = new ManualTaskClock();
  const sim = createSimulator({ taskClock });
  const token = await sim.access.createToken('root@pam', 'bench', { privsep: false });
  const authorization = `PVEAPIToken=${token.tokenId}=${token.secret}`;
  await createVm(sim, authorization, taskClock);

  const form = { authorization, 'content-type': 'application/x-www-form-urlencoded' };
  let edits = 0;
  const client = new ProxmoxClient({ baseUrl: 'https://pve1:8006', auth: token, fetch: sim.fetch });

  const cases: BenchCase[] = [
    {
      group: GROUP,
      name: 'GET /version',
      concurrency: 1,
      op: async () => {
        const response = await sim.fetch(`${BASE}/version`, { headers: { authorization } });
        await response.json();
        expectOk(response.status, 'GET /version');
      },
    },
    {
      group: GROUP,
      name: `PUT /nodes/pve1/qemu/${VMID}/config`,
      concurrency: 1,
      op: async () => {
        const body = `description=edit-${edits++}&cores=${1 + (edits % 4)}`;
        const response = await sim.fetch(`${BASE}/nodes/pve1/qemu/${VMID}/config`, {
          method: 'PUT',
          headers: form,
          body,
        });
        await response.json();
        expectOk(response.status, 'PUT config');
      },
    },
    {
      group: GROUP,
      name: 'pvekit ProxmoxClient over sim.fetch, GET /version',
      concurrency: 1,
      op: async () => {
        const answer = await client.get<{ version?: unknown }>('/version');
        if (typeof answer.version !== 'string') throw new Error('/version had no version');
      },
    },
  ];
  return { cases, close: () => sim.close() };
}

async function createVm(sim: Simulator, authorization: string, taskClock: ManualTaskClock) {
  const response = await sim.fetch(`${BASE}/nodes/pve1/qemu`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: `vmid=${VMID}&name=bench&memory=2048&cores=2&net0=virtio,bridge=vmbr0`,
  });
  const answer = await response.text();
  expectOk(response.status, `POST /nodes/pve1/qemu (${answer})`);
  await taskClock.advance(10 * 60_000);
}
