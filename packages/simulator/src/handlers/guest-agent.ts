import { parameterError } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import {
  agentExec,
  agentExecStatus,
  agentNetworkInterfaces,
  agentPing,
  cloudinitDump,
  cloudinitPending,
  getGuest,
  regenerateCloudinit,
} from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import type { Request } from './guest-common.js';

const VM = '/nodes/{node}/qemu/{vmid}';
function target(request: Request) {
  return { node: String(request.params.node), vmid: Number(request.params.vmid) };
}

/** `command` is an array: repeated form keys (`command=ls&command=-l`) or a JSON array. */
function commandOf(request: Request): string[] {
  const value = request.params.command;
  if (value === undefined) {
    throw parameterError({ command: 'property is missing and it is not optional' });
  }
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The guest agent endpoints the simulator answers (qemu-server API2/Qemu/Agent.pm). */
function agentRoutes(): Route<SimulatorState>[] {
  return [
    {
      method: 'POST',
      path: `${VM}/agent/ping`,
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(agentPing(request.state.cluster, node, vmid));
      },
    },
    {
      method: 'GET',
      path: `${VM}/agent/network-get-interfaces`,
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(agentNetworkInterfaces(request.state.cluster, node, vmid));
      },
    },
    {
      method: 'POST',
      path: `${VM}/agent/exec`,
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(agentExec(request.state.cluster, node, vmid, commandOf(request)));
      },
    },
    {
      method: 'GET',
      path: `${VM}/agent/exec-status`,
      handler: (request) => {
        const { node, vmid } = target(request);
        const pid = Number(request.params.pid);
        return ok(agentExecStatus(request.state.cluster, node, vmid, pid));
      },
    },
  ];
}

function cloudinitRoutes(): Route<SimulatorState>[] {
  return [
    {
      method: 'GET',
      path: `${VM}/cloudinit`,
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(cloudinitPending(request.state.cluster, node, vmid));
      },
    },
    {
      method: 'PUT',
      path: `${VM}/cloudinit`,
      handler: (request) => {
        const { node, vmid } = target(request);
        regenerateCloudinit(getGuest(request.state.cluster, node, 'qemu', vmid));
        return ok(null);
      },
    },
    {
      method: 'GET',
      path: `${VM}/cloudinit/dump`,
      handler: (request) => {
        const { node, vmid } = target(request);
        const type = String(request.params.type) as 'user' | 'network' | 'meta';
        return ok(cloudinitDump(request.state.cluster, node, vmid, type));
      },
    },
  ];
}

/** Guest agent and cloud-init endpoints: QEMU only. */
export const qemuExtraRoutes: readonly Route<SimulatorState>[] = [
  ...agentRoutes(),
  ...cloudinitRoutes(),
];
