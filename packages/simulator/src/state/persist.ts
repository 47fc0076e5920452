import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { TaskRecord } from '../tasks/registry.js';
import { SimulatorError } from './cluster/errors.js';
import type { ClusterState } from './cluster/types.js';
import type { SavedAccess } from './saved-access.js';

/**
 * Bump when the shape of the file changes incompatibly. Version 1 held the cluster alone;
 * version 2 adds users, tokens, TFA, groups, roles, ACL and the task history.
 */
export const STATE_FORMAT_VERSION = 2;
const READABLE_VERSIONS = [1, 2];
const FORMAT_NAME = 'pvekit-simulator-state';

interface StateFile {
  format: typeof FORMAT_NAME;
  version: number;
  /** Epoch milliseconds of the save, for people reading the file. */
  savedAt: number;
  cluster: ClusterState;
  access?: SavedAccess;
  tasks?: TaskRecord[];
}

/** What a state file holds besides the cluster. */
export interface StateExtras {
  access?: SavedAccess;
  tasks?: TaskRecord[];
}

/** Everything a state file holds. */
export interface SavedState extends StateExtras {
  cluster: ClusterState;
}

export function serializeCluster(
  state: ClusterState,
  savedAt: number,
  extras: StateExtras = {},
): string {
  const file: StateFile = {
    format: FORMAT_NAME,
    version: STATE_FORMAT_VERSION,
    savedAt,
    cluster: state,
    ...extras,
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

function corrupt(file: string, problem: string): SimulatorError {
  return new SimulatorError(500, `state file '${file}' ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parse a saved cluster; anything but a well-formed file of a known version is an error. */
export function parseCluster(text: string, file: string): ClusterState {
  return parseState(text, file).cluster;
}

/** Parse a whole state file: the cluster plus, from version 2 on, access and tasks. */
export function parseState(text: string, file: string): SavedState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw corrupt(
      file,
      `is not valid JSON (${reason}); restore a backup or delete it to start empty`,
    );
  }
  if (!isObject(parsed) || parsed.format !== FORMAT_NAME) {
    throw corrupt(file, `is not a pvekit simulator state file (no "format": "${FORMAT_NAME}")`);
  }
  if (!READABLE_VERSIONS.includes(Number(parsed.version))) {
    throw corrupt(
      file,
      `has format version ${String(parsed.version)}; ` +
        `this simulator reads versions ${READABLE_VERSIONS.join(' and ')}`,
    );
  }
  const cluster = parsed.cluster;
  if (!isObject(cluster) || !isObject(cluster.nodes) || !isObject(cluster.guests)) {
    throw corrupt(file, 'is missing the cluster, its nodes or its guests');
  }
  if (Object.keys(cluster.nodes).length === 0) throw corrupt(file, 'holds a cluster without nodes');
  const access = parsed.access;
  if (access !== undefined && (!isObject(access) || !Array.isArray(access.users))) {
    throw corrupt(file, 'has an "access" section without its users');
  }
  if (parsed.tasks !== undefined && !Array.isArray(parsed.tasks)) {
    throw corrupt(file, 'has a "tasks" section that is not a list');
  }
  return {
    cluster: cluster as unknown as ClusterState,
    ...(access === undefined ? {} : { access: access as unknown as SavedAccess }),
    ...(parsed.tasks === undefined ? {} : { tasks: parsed.tasks as TaskRecord[] }),
  };
}

/** fsync the directory so the rename itself is on disk, where the platform allows it. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

// Limitation: a save cut short by a crash leaves its `.tmp-*` file beside the state file; it is
// never read, but nothing removes it either.

/**
 * Save atomically: write a temporary file beside the target, fsync it, rename it over the
 * target, fsync the directory. A kill at any moment leaves either the old or the new file,
 * never a torn one; once this resolves, the new state survives a crash.
 */
export async function saveCluster(
  file: string,
  state: ClusterState,
  savedAt: number,
  extras: StateExtras = {},
): Promise<void> {
  const directory = path.dirname(file);
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const text = serializeCluster(state, savedAt, extras);
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

/**
 * Load a saved state. `undefined` means there is no file yet (start a fresh cluster); a file
 * that cannot be read back is an error naming the file, never an empty cluster.
 */
export async function loadCluster(file: string): Promise<ClusterState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw corrupt(file, `cannot be read (${reason})`);
  }
  return parseCluster(text, file);
}
