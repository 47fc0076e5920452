import type { Cluster } from './context.js';
import { guestError } from './errors.js';
import type { ContentType, StorageState } from './types.js';

/**
 * `POST /storage`, `PUT`/`DELETE /storage/{storage}` over the cluster model: a storage is
 * defined on every node, as a `storage.cfg` entry without a `nodes` list is. pve-storage's
 * `lock_storage_config` prefixes each failure with what was being done.
 * Limitation: only `dir` and `lvmthin` storages can be defined; `nodes`, `disable` and plugin
 * options other than `path`, `vgname` and `thinpool` are accepted and not kept.
 */

const GIB = 1024 ** 3;
const SIMULATED_TYPES = { dir: 100 * GIB, lvmthin: 800 * GIB } as const;
const CONTENT_TYPES: readonly ContentType[] = [
  'images',
  'rootdir',
  'iso',
  'vztmpl',
  'backup',
  'snippets',
];
// Both plugins default to guest disks (pve-storage `DirPlugin`, `LvmThinPlugin` `plugindata`).
const DEFAULT_CONTENT: ContentType[] = ['images', 'rootdir'];

function contentList(what: string, content: string | undefined): ContentType[] {
  if (content === undefined) return DEFAULT_CONTENT;
  const wanted = content.split(/[\s,;]+/).filter((kind) => kind !== '');
  const unknown = wanted.find((kind) => !CONTENT_TYPES.includes(kind as ContentType));
  if (unknown !== undefined) {
    throw guestError(`${what} storage failed: content type '${unknown}' is not simulated`);
  }
  return wanted as ContentType[];
}

function defined(cluster: Cluster, storeid: string): boolean {
  return Object.values(cluster.state.nodes).some((node) => node.storages[storeid] !== undefined);
}

export interface NewStorage {
  storage: string;
  type: string;
  content?: string;
  shared?: boolean;
  path?: string;
  vgname?: string;
  thinpool?: string;
}

/** Defines a storage on every node; returns what `POST /storage` answers. */
export function createStorage(cluster: Cluster, request: NewStorage) {
  if (!(request.type in SIMULATED_TYPES)) {
    throw guestError(`create storage failed: storage type '${request.type}' is not simulated`);
  }
  if (defined(cluster, request.storage)) {
    throw guestError(`create storage failed: storage ID '${request.storage}' already defined`);
  }
  const type = request.type as keyof typeof SIMULATED_TYPES;
  const content = contentList('create', request.content);
  for (const node of Object.values(cluster.state.nodes)) {
    node.storages[request.storage] = {
      storage: request.storage,
      type,
      content,
      shared: request.shared ?? false,
      total: SIMULATED_TYPES[type],
      ...(request.path === undefined ? {} : { path: request.path }),
      ...(request.vgname === undefined ? {} : { vgname: request.vgname }),
      ...(request.thinpool === undefined ? {} : { thinpool: request.thinpool }),
      volumes: {},
    };
  }
  return { storage: request.storage, type };
}

/** Changes `content` and `shared` of a storage on every node, keeping its volumes. */
export function updateStorage(
  cluster: Cluster,
  storeid: string,
  change: { content?: string; shared?: boolean },
) {
  if (!defined(cluster, storeid)) {
    throw guestError(`update storage failed: storage '${storeid}' does not exist`);
  }
  for (const node of Object.values(cluster.state.nodes)) {
    const storage = node.storages[storeid];
    if (storage === undefined) continue;
    const updated: StorageState = {
      ...storage,
      ...(change.content === undefined ? {} : { content: contentList('update', change.content) }),
      ...(change.shared === undefined ? {} : { shared: change.shared }),
    };
    node.storages[storeid] = updated;
  }
  const first = Object.values(cluster.state.nodes)[0]?.storages[storeid];
  return { storage: storeid, type: first?.type ?? 'dir' };
}

/** Removes a storage's definition; like Proxmox, its volumes are not looked at. */
export function deleteStorage(cluster: Cluster, storeid: string): void {
  if (!defined(cluster, storeid)) {
    throw guestError(`delete storage failed: storage '${storeid}' does not exist`);
  }
  for (const node of Object.values(cluster.state.nodes)) delete node.storages[storeid];
  for (const pool of Object.values(cluster.state.pools)) {
    pool.storages = pool.storages.filter((id) => id !== storeid);
  }
}
