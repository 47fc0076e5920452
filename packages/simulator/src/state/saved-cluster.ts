import { readFileSync } from 'node:fs';
import type { TaskRegistry } from '../tasks/registry.js';
import type { AccessConfig } from './access.js';
import { bindCluster, type Cluster, createCluster } from './cluster/index.js';
import { parseState, type SavedState, type StateExtras, saveCluster } from './persist.js';
import { restoreAccess, saveAccess } from './saved-access.js';
import type { UserStore } from './users.js';

/** The parts of a running simulator saved beside the cluster. */
export interface PersistedParts {
  readonly users: UserStore;
  readonly access: AccessConfig;
  readonly tasks: TaskRegistry;
}

/** The task history kept in the file: the latest tasks, as the node's task index keeps some. */
const SAVED_TASKS = 1000;

/** root@pam's password is the one the simulator is started with, never a saved one. */
const STARTUP_USERS = ['root@pam'];

/**
 * The cluster of a simulator that keeps its state in a file: read once at start (a missing
 * file means a fresh cluster), written after every change, one write at a time.
 */
export interface SavedCluster {
  readonly cluster: Cluster;
  /** What the file held besides the cluster (access, tasks); empty for a fresh cluster. */
  readonly restored: StateExtras;
  /**
   * Puts the saved users, groups, roles, ACL and tasks into `parts`, and from now on saves
   * them with the cluster.
   */
  attach(parts: PersistedParts): void;
  /** Writes the current state; resolves once it is on disk. */
  save(): Promise<void>;
  /** Resolves when every write asked for so far has finished. */
  settled(): Promise<void>;
}

function readSaved(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function savedCluster(file: string, nodes: number, clock: () => number): SavedCluster {
  const text = readSaved(file);
  const saved: SavedState | undefined = text === undefined ? undefined : parseState(text, file);
  const cluster =
    saved === undefined
      ? createCluster({ nodes }, { clock })
      : bindCluster(saved.cluster, clock, Math.random);
  const restored: StateExtras = {
    ...(saved?.access === undefined ? {} : { access: saved.access }),
    ...(saved?.tasks === undefined ? {} : { tasks: saved.tasks }),
  };
  let queue: Promise<void> = Promise.resolve();
  let extras = (): StateExtras => ({});
  return {
    cluster,
    restored,
    attach(parts) {
      if (restored.access !== undefined) {
        restoreAccess(restored.access, parts.users, parts.access, STARTUP_USERS);
      }
      parts.tasks.restore(restored.tasks ?? []);
      extras = () => ({
        access: saveAccess(parts.users, parts.access),
        tasks: parts.tasks.all().slice(-SAVED_TASKS),
      });
    },
    // Limitation: changes made in code through `sim.access` are written with the next change
    // made over the API (or the seed), not at once.
    save() {
      // Writes run in order, so an older state never lands after a newer one.
      const write = queue.then(() => saveCluster(file, cluster.state, clock(), extras()));
      queue = write.catch(() => undefined);
      return write;
    },
    settled: () => queue,
  };
}
