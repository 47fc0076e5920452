// Child process for persist.test.ts: saves ever-newer states in a loop and reports each
// acknowledged save on stdout, until the parent kills it with SIGKILL at an arbitrary moment.
import { createClusterState } from '../src/state/cluster/create-state.js';
import { saveCluster } from '../src/state/persist.js';

const file = process.argv[2];
if (!file) throw new Error('usage: persist-kill-writer <file>');

const state = createClusterState({ nodes: 3, bootedAt: 0 });
// Enough guests that one save takes a while, so kills land mid-write too.
for (let vmid = 100; vmid < 1100; vmid++) {
  state.guests[String(vmid)] = {
    vmid,
    type: 'qemu',
    node: 'pve1',
    config: { name: `guest-${vmid}`, memory: '2048', description: 'x'.repeat(200) },
    pending: {},
    pendingDelete: [],
    snapshots: {},
    runtime: {
      status: 'stopped',
      paused: false,
      startedAt: null,
      agentProcesses: [],
      nextAgentPid: 1,
    },
  };
}

for (let generation = 1; ; generation++) {
  state.options.nextIdLower = 100 + generation;
  await saveCluster(file, state, generation);
  process.stdout.write(`saved ${generation}\n`);
}
