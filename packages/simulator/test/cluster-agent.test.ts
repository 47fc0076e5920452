import { describe, expect, test } from 'vitest';
import {
  AGENT_BOOT_SECONDS,
  agentExec,
  agentExecStatus,
  agentNetworkInterfaces,
  agentPing,
  changePower,
  createQemu,
  readConfig,
} from '../src/state/cluster/index.js';
import { testCluster, thrown } from './cluster-helpers.js';

function withVm(agent: string | undefined) {
  const setup = testCluster();
  const params: Record<string, string> = {
    net0: 'virtio,bridge=vmbr0',
    ipconfig0: 'ip=10.20.30.40/24,gw=10.20.30.1',
    name: 'app',
  };
  if (agent !== undefined) params.agent = agent;
  createQemu(setup.cluster, 'pve1', 100, params);
  return setup;
}

describe('guest agent', () => {
  test('is refused, in qemu-server order: not configured, VM not running, agent not up', () => {
    const unconfigured = withVm(undefined).cluster;
    changePower(unconfigured, 'pve1', 'qemu', 100, 'start');
    expect(thrown(() => agentPing(unconfigured, 'pve1', 100)).message).toBe(
      'No QEMU guest agent configured',
    );
    const disabled = withVm('enabled=0').cluster;
    expect(thrown(() => agentPing(disabled, 'pve1', 100)).message).toBe(
      'No QEMU guest agent configured',
    );

    const { cluster, clock } = withVm('1');
    expect(thrown(() => agentPing(cluster, 'pve1', 100)).message).toBe('VM 100 is not running');
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    expect(thrown(() => agentPing(cluster, 'pve1', 100)).message).toBe(
      'QEMU guest agent is not running',
    );
    clock.advance(AGENT_BOOT_SECONDS);
    expect(agentPing(cluster, 'pve1', 100)).toEqual({ result: {} });
    changePower(cluster, 'pve1', 'qemu', 100, 'suspend');
    expect(thrown(() => agentPing(cluster, 'pve1', 100)).message).toBe(
      "VM 100 qmp command 'guest-ping' failed - got timeout",
    );
  });

  test('network-get-interfaces reports loopback and the NIC with its MAC and address', () => {
    const { cluster, clock } = withVm('enabled=1,fstrim_cloned_disks=1');
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    clock.advance(AGENT_BOOT_SECONDS);
    const { result } = agentNetworkInterfaces(cluster, 'pve1', 100);
    const mac = /=([0-9A-F:]{17})/.exec(readConfig(cluster, 'pve1', 'qemu', 100).net0 ?? '')?.[1];
    expect(result[0]).toMatchObject({ name: 'lo' });
    expect(result[1]).toEqual({
      name: 'eth0',
      'hardware-address': mac?.toLowerCase(),
      'ip-addresses': [{ 'ip-address-type': 'ipv4', 'ip-address': '10.20.30.40', prefix: 24 }],
    });
  });

  test('exec returns a pid; exec-status reports running, then the exit once', () => {
    const { cluster, clock } = withVm('1');
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    clock.advance(AGENT_BOOT_SECONDS);
    const echo = agentExec(cluster, 'pve1', 100, ['echo', 'hello', 'world']);
    const sleep = agentExec(cluster, 'pve1', 100, ['sleep', '5']);
    expect(sleep.pid).toBe(echo.pid + 1);

    expect(agentExecStatus(cluster, 'pve1', 100, echo.pid)).toEqual({ exited: 0 });
    clock.advance(1);
    expect(agentExecStatus(cluster, 'pve1', 100, echo.pid)).toEqual({
      exited: 1,
      exitcode: 0,
      'out-data': 'hello world\n',
    });
    expect(agentExecStatus(cluster, 'pve1', 100, sleep.pid)).toEqual({ exited: 0 });
    clock.advance(4);
    expect(agentExecStatus(cluster, 'pve1', 100, sleep.pid)).toEqual({ exited: 1, exitcode: 0 });
    expect(thrown(() => agentExecStatus(cluster, 'pve1', 100, echo.pid)).message).toBe(
      "VM 100 qmp command 'guest-exec-status' failed - Invalid parameter 'pid'",
    );
  });

  test('a failing command reports its exit code', () => {
    const { cluster, clock } = withVm('1');
    changePower(cluster, 'pve1', 'qemu', 100, 'start');
    clock.advance(AGENT_BOOT_SECONDS);
    const { pid } = agentExec(cluster, 'pve1', 100, ['false']);
    clock.advance(1);
    expect(agentExecStatus(cluster, 'pve1', 100, pid)).toEqual({ exited: 1, exitcode: 1 });
  });
});
