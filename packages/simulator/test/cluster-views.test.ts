import { describe, expect, test } from 'vitest';
import {
  changePower,
  clusterResources,
  clusterStatus,
  createLxc,
  createQemu,
  nextId,
  nodeNetwork,
  nodeStatus,
  nodeStorages,
} from '../src/state/cluster/index.js';
import { testCluster, thrown } from './cluster-helpers.js';

describe('nextid', () => {
  test('the lowest free id from 100; a requested id is checked', () => {
    const { cluster } = testCluster();
    expect(nextId(cluster)).toBe(100);
    createQemu(cluster, 'pve1', 100, {});
    createQemu(cluster, 'pve1', 102, {});
    expect(nextId(cluster)).toBe(101);
    expect(nextId(cluster, 150)).toBe(150);
    const taken = thrown(() => nextId(cluster, 102));
    expect(taken.status).toBe(400);
    expect(taken.errors).toEqual({ vmid: 'VM 102 already exists' });
  });

  test('an exhausted next-id range is an error naming the range', () => {
    const { cluster } = testCluster();
    cluster.state.options.nextIdLower = 500;
    cluster.state.options.nextIdUpper = 502;
    createQemu(cluster, 'pve1', 500, {});
    createQemu(cluster, 'pve1', 501, {});
    expect(thrown(() => nextId(cluster)).message).toBe(
      'unable to get any free VMID in range [500, 502]',
    );
  });
});

describe('cluster views', () => {
  function populated() {
    const setup = testCluster(2);
    const { cluster } = setup;
    cluster.state.pools.prod = { poolid: 'prod', vmids: [], storages: [] };
    createQemu(cluster, 'pve1', 100, { name: 'vm', scsi0: 'local-lvm:10', pool: 'prod' });
    createLxc(cluster, 'pve2', 200, {
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:2',
    });
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    setup.clock.advance(60);
    return setup;
  }

  test('resources filter by type; vm covers qemu and lxc', () => {
    const { cluster } = populated();
    const vms = clusterResources(cluster, 'vm');
    expect(vms.map((r) => r.id)).toEqual(['qemu/100', 'lxc/200']);
    expect(vms[0]).toMatchObject({
      type: 'qemu',
      vmid: 100,
      node: 'pve1',
      status: 'running',
      uptime: 60,
      pool: 'prod',
      maxdisk: 10 * 1024 ** 3,
      template: 0,
    });
    expect(vms[1]).toMatchObject({ type: 'lxc', node: 'pve2', status: 'stopped', uptime: 0 });

    const storages = clusterResources(cluster, 'storage');
    expect(storages.map((r) => r.id)).toEqual([
      'storage/pve1/local',
      'storage/pve1/local-lvm',
      'storage/pve2/local',
      'storage/pve2/local-lvm',
    ]);
    expect(storages[1]).toMatchObject({
      plugintype: 'lvmthin',
      content: 'images,rootdir',
      disk: 10 * 1024 ** 3,
    });
    expect(clusterResources(cluster, 'node').map((r) => r.id)).toEqual(['node/pve1', 'node/pve2']);
    expect(clusterResources(cluster, 'sdn').map((r) => r.id)).toEqual([
      'sdn/pve1/localnetwork',
      'sdn/pve2/localnetwork',
    ]);
    expect(clusterResources(cluster, 'pool')).toEqual([
      { id: '/pool/prod', type: 'pool', pool: 'prod' },
    ]);
    expect(clusterResources(cluster)).toHaveLength(2 + 4 + 2 + 2 + 1);
  });

  test('cluster status lists the cluster, then its nodes with the local one marked', () => {
    const { cluster } = populated();
    const status = clusterStatus(cluster, 'pve2');
    expect(status[0]).toMatchObject({ type: 'cluster', nodes: 2, quorate: 1 });
    expect(status.slice(1).map((n) => [n.name, n.local, n.nodeid])).toEqual([
      ['pve1', 0, 1],
      ['pve2', 1, 2],
    ]);
  });

  test('node status counts running guests and uptime from the clock', () => {
    const { cluster, clock } = populated();
    const busy = nodeStatus(cluster, 'pve1') as {
      memory: { used: number; total: number };
      uptime: number;
    };
    const idle = nodeStatus(cluster, 'pve2') as { memory: { used: number } };
    expect(busy.memory.used).toBeGreaterThan(idle.memory.used);
    expect(busy.uptime).toBe(60);
    clock.advance(3600);
    expect((nodeStatus(cluster, 'pve1') as { uptime: number }).uptime).toBe(3660);
    expect(thrown(() => nodeStatus(cluster, 'pve7')).message).toBe("no such cluster node 'pve7'");
  });

  test('network lists the bridge vmbr0 on the node NIC; storages report usage', () => {
    const { cluster } = populated();
    const network = nodeNetwork(cluster, 'pve1');
    expect(network.find((n) => n.iface === 'vmbr0')).toMatchObject({
      type: 'bridge',
      bridge_ports: 'eno1',
      cidr: '192.168.100.11/24',
      active: 1,
    });
    const lvm = nodeStorages(cluster, 'pve1').find((s) => s.storage === 'local-lvm');
    expect(lvm).toMatchObject({ type: 'lvmthin', used: 10 * 1024 ** 3, active: 1 });
  });
});
