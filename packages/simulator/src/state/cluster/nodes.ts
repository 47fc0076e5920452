import type { Cluster } from './context.js';
import { guestError } from './errors.js';
import type { NodeState } from './types.js';

/** pve-cluster `check_node_exists`. */
export function getNode(cluster: Cluster, node: string): NodeState {
  const found = cluster.state.nodes[node];
  if (!found) throw guestError(`no such cluster node '${node}'`);
  return found;
}
