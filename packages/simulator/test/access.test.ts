import { afterEach, describe, expect, test } from 'vitest';
import { type Simulator, SimulatorError } from '../src/index.js';
import { cookie, form, login, simulator } from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

describe('access fixtures and the login cap', () => {
  test("the cap of a login reflects the user's ACLs", async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const before = await login(sim, 'alice@pve', 'alice-pw');
    expect(before.cap?.vms).toEqual({});

    sim.access.setAcl({ path: '/vms', roles: ['PVEVMUser'], users: 'alice@pve' });
    const after = await login(sim, 'alice@pve', 'alice-pw');
    expect(after.cap?.vms?.['VM.PowerMgmt']).toBe(1);
    expect(after.cap?.vms).not.toHaveProperty('VM.Allocate');
    expect(after.cap?.nodes).toEqual({});
  });

  test('custom roles and group grants count; revoking removes them', async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    sim.access.addRole('NodeWatcher', ['Sys.Audit']);
    sim.access.addGroup('ops', ['alice@pve']);
    sim.access.setAcl({ path: '/nodes', roles: 'NodeWatcher', groups: 'ops' });
    expect((await login(sim, 'alice@pve', 'alice-pw')).cap?.nodes).toEqual({ 'Sys.Audit': 1 });

    sim.access.setAcl({ path: '/nodes', roles: 'NodeWatcher', groups: 'ops', delete: true });
    expect((await login(sim, 'alice@pve', 'alice-pw')).cap?.nodes).toEqual({});
  });

  test('fixture mistakes are SimulatorErrors that say what to do', () => {
    sim = simulator();
    expect(() => sim.access.setAcl({ path: '/', roles: 'Nope', users: 'root@pam' })).toThrow(
      /role 'Nope' does not exist: add it with access.addRole/,
    );
    expect(() => sim.access.addRole('PVEAdmin', ['Sys.Audit'])).toThrow(SimulatorError);
    expect(() => sim.access.addRole('Mine', ['Sys.Everything'])).toThrow(
      /unknown privileges: Sys.Everything/,
    );
    expect(() => sim.access.addGroup('ops', ['ghost@pve'])).toThrow(/no user 'ghost@pve'/);
    expect(() => sim.access.totpCode('root@pam')).toThrow(/enableTotp/);
  });
});

describe('PUT /access/password', () => {
  test('a user changes their own password with a ticket', async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'old-pw' });
    const session = await login(sim, 'alice@pve', 'old-pw');
    const response = await sim.fetch('/api2/json/access/password', {
      method: 'PUT',
      headers: { ...cookie(session.ticket), CSRFPreventionToken: session.CSRFPreventionToken },
      body: form({ userid: 'alice@pve', password: 'new-password' }),
    });
    expect(response.status).toBe(200);
    await expect(login(sim, 'alice@pve', 'old-pw')).rejects.toThrow(/401/);
    expect((await login(sim, 'alice@pve', 'new-password')).username).toBe('alice@pve');
  });

  test("someone else's password needs user-admin rights", async () => {
    sim = simulator();
    sim.access.addUser({ userid: 'alice@pve', password: 'alice-pw' });
    const session = await login(sim, 'alice@pve', 'alice-pw');
    const response = await sim.fetch('/api2/json/access/password', {
      method: 'PUT',
      headers: { ...cookie(session.ticket), CSRFPreventionToken: session.CSRFPreventionToken },
      body: form({ userid: 'bob@pve', password: 'hijacked' }),
    });
    expect(response.status).toBe(403);
  });
});
