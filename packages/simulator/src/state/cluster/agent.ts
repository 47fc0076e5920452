import type { Cluster } from './context.js';
import { guestError } from './errors.js';
import { agentEnabled, uptimeSeconds } from './figures.js';
import { getGuest, isRunning } from './guest.js';
import type { AgentProcess, GuestState } from './types.js';

/** Seconds after boot until the simulated guest agent answers. */
export const AGENT_BOOT_SECONDS = 10;
/** How long a command run through `exec` takes unless it is `sleep N`. */
const EXEC_MILLISECONDS = 100;

/**
 * The checks qemu-server runs before talking to the agent (`assert_agent_available`), in its
 * order and words; a paused VM's agent cannot answer, so the QMP call times out.
 */
function agentGuest(cluster: Cluster, node: string, vmid: number): GuestState {
  const guest = getGuest(cluster, node, 'qemu', vmid);
  if (!agentEnabled(guest)) throw guestError('No QEMU guest agent configured');
  if (!isRunning(guest)) throw guestError(`VM ${vmid} is not running`);
  if (uptimeSeconds(cluster, guest) < AGENT_BOOT_SECONDS) {
    throw guestError('QEMU guest agent is not running');
  }
  if (guest.runtime.paused) {
    throw guestError(`VM ${vmid} qmp command 'guest-ping' failed - got timeout`);
  }
  return guest;
}

/** POST `.../agent/ping`. */
export function agentPing(cluster: Cluster, node: string, vmid: number): { result: object } {
  agentGuest(cluster, node, vmid);
  return { result: {} };
}

function ipv4Of(guest: GuestState): { address: string; prefix: number } {
  const configured = /(?:^|,)ip=([\d.]+)\/(\d+)/.exec(guest.config.ipconfig0 ?? '');
  if (configured?.[1] && configured[2]) {
    return { address: configured[1], prefix: Number(configured[2]) };
  }
  return {
    address: `10.0.${Math.floor(guest.vmid / 250) % 250}.${(guest.vmid % 250) + 2}`,
    prefix: 24,
  };
}

/** GET `.../agent/network-get-interfaces`: loopback plus one interface per NIC's MAC. */
export function agentNetworkInterfaces(
  cluster: Cluster,
  node: string,
  vmid: number,
): { result: object[] } {
  const guest = agentGuest(cluster, node, vmid);
  const loopback = {
    name: 'lo',
    'hardware-address': '00:00:00:00:00:00',
    'ip-addresses': [
      { 'ip-address-type': 'ipv4', 'ip-address': '127.0.0.1', prefix: 8 },
      { 'ip-address-type': 'ipv6', 'ip-address': '::1', prefix: 128 },
    ],
  };
  const nics = Object.keys(guest.config)
    .filter((key) => /^net\d+$/.test(key))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
    .map((key, index) => {
      const mac = /=([0-9A-F:]{17})/i.exec(guest.config[key] ?? '')?.[1] ?? '';
      const entry: Record<string, unknown> = {
        name: `eth${index}`,
        'hardware-address': mac.toLowerCase(),
      };
      if (index === 0) {
        const { address, prefix } = ipv4Of(guest);
        entry['ip-addresses'] = [{ 'ip-address-type': 'ipv4', 'ip-address': address, prefix }];
      }
      return entry;
    });
  return { result: [loopback, ...nics] };
}

/** What a command prints and returns in the simulated guest. */
function runCommand(guest: GuestState, command: string[]): { exitcode: number; output: string } {
  const [program, ...args] = command;
  switch (program) {
    case 'echo':
      return { exitcode: 0, output: `${args.join(' ')}\n` };
    case 'hostname':
      return { exitcode: 0, output: `${guest.config.name ?? `vm${guest.vmid}`}\n` };
    case 'false':
      return { exitcode: 1, output: '' };
    default:
      return { exitcode: 0, output: '' };
  }
}

/** POST `.../agent/exec`: starts the command, answers with its pid at once. */
export function agentExec(
  cluster: Cluster,
  node: string,
  vmid: number,
  command: string[],
): { pid: number } {
  const guest = agentGuest(cluster, node, vmid);
  if (command.length === 0 || command[0] === '') throw guestError('No command given');
  const result = runCommand(guest, command);
  const process: AgentProcess = {
    pid: guest.runtime.nextAgentPid++,
    command: [...command],
    startedAt: cluster.clock(),
    exitcode: result.exitcode,
    output: result.output,
  };
  guest.runtime.agentProcesses.push(process);
  return { pid: process.pid };
}

export interface ExecStatus {
  exited: 0 | 1;
  exitcode?: number;
  'out-data'?: string;
}

function durationOf(process: AgentProcess): number {
  const seconds = process.command[0] === 'sleep' ? Number(process.command[1]) : Number.NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : EXEC_MILLISECONDS;
}

/**
 * GET `.../agent/exec-status`. Like qemu-ga, the agent forgets a process once it has reported
 * its exit, so asking again is an error.
 */
export function agentExecStatus(
  cluster: Cluster,
  node: string,
  vmid: number,
  pid: number,
): ExecStatus {
  const guest = agentGuest(cluster, node, vmid);
  const process = guest.runtime.agentProcesses.find((p) => p.pid === pid);
  if (!process) {
    // qemu-ga's own error, passed through qemu-server's QMP error wrapping.
    throw guestError(`VM ${vmid} qmp command 'guest-exec-status' failed - Invalid parameter 'pid'`);
  }
  if (cluster.clock() - process.startedAt < durationOf(process)) return { exited: 0 };
  guest.runtime.agentProcesses = guest.runtime.agentProcesses.filter((p) => p.pid !== pid);
  const status: ExecStatus = { exited: 1, exitcode: process.exitcode };
  if (process.output !== '') status['out-data'] = process.output;
  return status;
}
