import { readFileSync } from 'node:fs';
import { bindCluster, type Cluster, createCluster } from './cluster/index.js';
import { parseCluster, saveCluster } from './persist.js';

/**
 * The cluster of a simulator that keeps its state in a file: read once at start (a missing
 * file means a fresh cluster), written after every change, one write at a time.
 */
export interface SavedCluster {
  readonly cluster: Cluster;
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
  const cluster =
    text === undefined
      ? createCluster({ nodes }, { clock })
      : bindCluster(parseCluster(text, file), clock, Math.random);
  let queue: Promise<void> = Promise.resolve();
  return {
    cluster,
    save() {
      // Writes run in order, so an older state never lands after a newer one.
      const write = queue.then(() => saveCluster(file, cluster.state, clock()));
      queue = write.catch(() => undefined);
      return write;
    },
    settled: () => queue,
  };
}
