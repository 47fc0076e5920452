/**
 * A short tour: start a simulated Proxmox VE node on a local port, log in as root with a ticket,
 * create an API token, then use the token the way an automated system would.
 */
import { startSimulator } from '@pvekit/simulator';
import { ProxmoxClient, ProxmoxError } from 'pvekit';
import { qemu } from 'pvekit/formats';

const sim = await startSimulator({ host: '127.0.0.1', port: 0, seed: 'demo' });
console.log(`Simulated node at ${sim.url}`);
console.log(`Certificate SHA-256 fingerprint ${sim.fingerprint}\n`);

// TLS verification stays on: the self-signed certificate is accepted because it is pinned.
const tls = { fingerprint: sim.fingerprint };
const root = new ProxmoxClient({ baseUrl: sim.url, tls, auth: sim.credentials });

try {
  const created = await root.post<{ 'full-tokenid': string; value: string }>(
    '/access/users/{userid}/token/{tokenid}',
    { userid: 'root@pam', tokenid: 'demo', privsep: false, comment: 'pvekit demo' },
  );
  console.log(`Logged in as root@pam with a ticket; created token ${created['full-tokenid']}`);

  const pve = new ProxmoxClient({
    baseUrl: sim.url,
    tls,
    auth: { tokenId: created['full-tokenid'], secret: created.value },
  });
  show('GET /version', await pve.get('/version'));
  show('GET /nodes', await pve.get('/nodes'));

  // The typed API: route strings and fluent paths, both checked by the compiler.
  const guests = await pve.nodes.node('pve1').qemu.get();
  console.log('\nVMs on pve1 (typed fluent call):');
  for (const vm of guests) console.log(`  ${vm.vmid}  ${vm.name ?? ''}  ${vm.status}`);

  const stopped = guests.find((vm) => vm.status === 'stopped' && vm.template !== true);
  if (stopped !== undefined) {
    const config = await pve.request('GET /nodes/{node}/qemu/{vmid}/config', {
      node: 'pve1',
      vmid: stopped.vmid,
    });
    if (typeof config.net0 === 'string') {
      show(`net0 of VM ${stopped.vmid} as a typed object`, qemu.net.parse(config.net0));
    }
    const upid = await pve.nodes.node('pve1').qemu.vm(stopped.vmid).status.start.post();
    console.log(`\nStarting VM ${stopped.vmid}: ${upid}`);
    const result = await pve.tasks.wait(upid, {
      onLog: (line) => console.log(`  task log | ${line.t}`),
    });
    console.log(`  finished: ${result.exitstatus}`);
  }

  try {
    await pve.get('/nodes/{node}/no-such-thing', { node: 'pve1' });
  } catch (error) {
    if (!(error instanceof ProxmoxError)) throw error;
    console.log(`\nA typed error, as Proxmox answers it:\n  ${error.name} [${error.code}]`);
    console.log(`  ${error.message}`);
  }
  await pve.close();
} finally {
  await root.close();
  await sim.close();
}

function show(call: string, data: unknown): void {
  console.log(`\n${call}\n${JSON.stringify(data, null, 2)}`);
}
