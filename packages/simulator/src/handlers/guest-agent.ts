import type { PermissionSpec } from '../auth/permissions-check.js';
import { parameterError } from '../router/http-error.js';
import { ok, type Route } from '../router/route.js';
import { param } from '../router/validate.js';
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
import { NODE, type Request, VMID } from './guest-common.js';

const VM = '/nodes/{node}/qemu/{vmid}';
const AUDIT: PermissionSpec = { check: ['perm', '/vms/{vmid}', ['VM.Audit']] };
const AGENT_AUDIT: PermissionSpec = {
  check: ['perm', '/vms/{vmid}', ['VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted'], 'any', 1],
};
const AGENT_UNRESTRICTED: PermissionSpec = {
  check: ['perm', '/vms/{vmid}', ['VM.GuestAgent.Unrestricted']],
};

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
      allowtoken: true,
      permissions: AGENT_AUDIT,
      params: { node: NODE, vmid: VMID },
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(agentPing(request.state.cluster, node, vmid));
      },
    },
    {
      method: 'GET',
      path: `${VM}/agent/network-get-interfaces`,
      allowtoken: true,
      permissions: AGENT_AUDIT,
      params: { node: NODE, vmid: VMID },
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(agentNetworkInterfaces(request.state.cluster, node, vmid));
      },
    },
    {
      method: 'POST',
      path: `${VM}/agent/exec`,
      allowtoken: true,
      permissions: AGENT_UNRESTRICTED,
      // The rule table has no array type; `command` is read by the handler.
      params: { node: NODE, vmid: VMID, 'input-data': param.string({ optional: true }) },
      openParams: true,
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(agentExec(request.state.cluster, node, vmid, commandOf(request)));
      },
    },
    {
      method: 'GET',
      path: `${VM}/agent/exec-status`,
      allowtoken: true,
      permissions: AGENT_UNRESTRICTED,
      params: { node: NODE, vmid: VMID, pid: param.integer() },
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
      allowtoken: true,
      permissions: AUDIT,
      params: { node: NODE, vmid: VMID },
      handler: (request) => {
        const { node, vmid } = target(request);
        return ok(cloudinitPending(request.state.cluster, node, vmid));
      },
    },
    {
      method: 'PUT',
      path: `${VM}/cloudinit`,
      allowtoken: true,
      permissions: { check: ['perm', '/vms/{vmid}', ['VM.Config.Cloudinit']] },
      params: { node: NODE, vmid: VMID },
      handler: (request) => {
        const { node, vmid } = target(request);
        regenerateCloudinit(getGuest(request.state.cluster, node, 'qemu', vmid));
        return ok(null);
      },
    },
    {
      method: 'GET',
      path: `${VM}/cloudinit/dump`,
      allowtoken: true,
      permissions: AUDIT,
      params: { node: NODE, vmid: VMID, type: param.string({ enum: ['user', 'network', 'meta'] }) },
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
