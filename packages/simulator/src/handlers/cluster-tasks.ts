import { privilegesAt } from '../auth/permissions.js';
import { ok, type Route } from '../router/route.js';
import type { SimulatorState } from '../state/state.js';
import type { TaskRecord } from '../tasks/registry.js';
import { ownerOf } from '../tasks/status.js';
import { authidOf } from './guest-common.js';

/**
 * One entry of the cluster's task index (pve-manager API2/Cluster.pm `tasks`): the UPID's
 * parts, a token's id split off its user, and `status` plus `endtime` once it has ended.
 */
function indexEntry(task: TaskRecord): Record<string, unknown> {
  return {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    ...ownerOf(task.user),
    ...(task.status === 'stopped' ? { status: task.exitstatus, endtime: task.endtime } : {}),
  };
}

export const clusterTaskRoutes: Route<SimulatorState>[] = [
  {
    // Sys.Audit on `/` shows every task, anyone else sees the tasks they started.
    // Limitation: the index keeps every task of the run, where Proxmox keeps the latest few
    // per node.
    method: 'GET',
    path: '/cluster/tasks',
    handler: ({ state, auth }) => {
      const authid = authidOf(auth);
      const all = privilegesAt(state.accessView(), authid, '/').has('Sys.Audit');
      const tasks = state.tasks
        .all()
        .filter((task) => all || task.user === authid)
        .sort((a, b) => b.starttime - a.starttime || b.pid - a.pid);
      return ok(tasks.map(indexEntry));
    },
  },
];
