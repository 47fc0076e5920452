/**
 * The `cap` object of a ticket response: which privileges the GUI may offer, per area.
 * Mirrors `compute_api_permission` in
 * https://github.com/proxmox/pve-access-control/blob/master/src/PVE/RPCEnvironment.pm
 */
import { aclTreePaths, privilegesAt } from './permissions.js';
import type { AccessView } from './permissions-view.js';

export type CapArea = 'vms' | 'access' | 'storage' | 'nodes' | 'sdn' | 'dc' | 'mapping';

export type Cap = Record<CapArea, Record<string, 1>>;

// Which privileges count for an area, matched at the start of the privilege name. The area of
// a path is its first segment; `/` is `dc`.
const AREA_PRIVILEGES: Readonly<Record<CapArea, RegExp>> = {
  vms: /^(VM\.|Permissions\.Modify)/,
  access: /^((User|Group)\.|Permissions\.Modify)/,
  storage: /^(Datastore\.|Permissions\.Modify)/,
  nodes: /^(Sys\.|Permissions\.Modify)/,
  sdn: /^(SDN\.|Permissions\.Modify)/,
  dc: /^(Sys\.Audit|Sys\.Modify|SDN\.)/,
  mapping: /^(Mapping\.|Permissions\.Modify)/,
};

const REQUIRED_PATHS = ['/', '/nodes', '/access/groups', '/vms', '/storage', '/sdn', '/mapping'];

export function computeCap(view: AccessView, authid: string): Cap {
  const cap: Cap = { vms: {}, access: {}, storage: {}, nodes: {}, sdn: {}, dc: {}, mapping: {} };

  for (const path of new Set([...REQUIRED_PATHS, ...aclTreePaths(view)])) {
    const privileges = privilegesAt(view, authid, path);
    const top = /^\/(\w+)/.exec(path)?.[1] ?? 'dc';
    if (top === 'pool') {
      addPoolPrivileges(cap, privileges);
      continue;
    }
    if (!isCapArea(top)) continue;
    for (const privilege of privileges) {
      if (AREA_PRIVILEGES[top].test(privilege)) cap[top][privilege] = 1;
    }
  }
  return cap;
}

// A pool grants on its guests and storages, so its privileges count for those areas.
function addPoolPrivileges(cap: Cap, privileges: ReadonlySet<string>): void {
  for (const privilege of privileges) {
    if (privilege.startsWith('VM.')) cap.vms[privilege] = 1;
    else if (privilege.startsWith('Datastore.')) cap.storage[privilege] = 1;
    else if (privilege === 'Permissions.Modify') {
      cap.storage[privilege] = 1;
      cap.vms[privilege] = 1;
    }
  }
}

function isCapArea(name: string): name is CapArea {
  return Object.hasOwn(AREA_PRIVILEGES, name);
}
