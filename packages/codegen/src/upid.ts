import type { RawEndpoint } from './walk.js';
import { routeKey } from './walk.js';

/**
 * Which calls start a worker task and answer with its UPID. The schema does not say
 * (FACTS §7: task starters declare only `type: string`), so the rule is:
 *
 *   a POST, PUT or DELETE whose result is a plain string (no `format`, no `enum`, no
 *   `pattern`), minus the handlers below, which return some other string.
 *
 * GET never starts a task: its string results are texts (changelog, ceph.conf, a report).
 * Every exception was checked in the handler's code (it returns without `fork_worker`).
 */
// Limitation: the exceptions were checked against the 9.1 handlers; an endpoint added later
// that returns another kind of plain string is marked as a task until it is listed here.
export const NOT_A_TASK: Readonly<Record<string, string>> = {
  'POST /nodes/{node}/qemu/{vmid}/monitor':
    'qemu-server PVE/API2/Qemu.pm `monitor`: the monitor output as text',
  'POST /cluster/sdn/lock':
    'pve-network PVE/API2/Network/SDN.pm `lock`: the lock token from create_global_lock',
  'POST /access/openid/auth-url':
    'pve-access-control PVE/API2/OpenId.pm `auth_url`: the URL to redirect the user to',
  'POST /nodes/{node}/storage/{storage}/content':
    'pve-storage PVE/API2/Storage/Content.pm `create`: the allocated volume id',
  'POST /nodes/{node}/replication/{id}/schedule_now':
    'pve-manager PVE/API2/Replication.pm `schedule_now`: reschedules, no worker',
};

export function returnsUpid(endpoint: RawEndpoint): boolean {
  if (endpoint.method === 'GET') return false;
  const returns = endpoint.info.returns;
  if (returns?.type !== 'string') return false;
  if (returns.format !== undefined || returns.enum !== undefined) return false;
  if (returns.pattern !== undefined) return false;
  return NOT_A_TASK[routeKey(endpoint)] === undefined;
}
