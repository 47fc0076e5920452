import { randomBytes } from 'node:crypto';
import { lazyAuthKeys } from './auth/keys.js';
import { SimulatorError } from './errors.js';
import { type ActiveFault, type FaultSpec, FaultSwitchboard } from './faults/faults.js';
import { createAccess, type SimulatorAccess, seedUsers } from './fixtures/access.js';
import { applySeed, type SeedName } from './fixtures/seed.js';
import { createTasks, type SimulatorTasks } from './fixtures/tasks.js';
import { REALISTIC_TASK_MS } from './handlers/guest-tasks.js';
import { routeTable } from './handlers/index.js';
import { validateOptions } from './options.js';
import { createApp } from './server/app.js';
import { generateNodeCertificate, type NodeCertificate } from './server/certificate.js';
import { type FetchLike, inMemoryFetch } from './server/fetch.js';
import { type ListenOptions, listen, type SimulatorListener } from './server/listener.js';
import { Sleeper } from './server/sleeper.js';
import type { RecordedRequest, SimOutcome, SimRequest } from './server/wire.js';
import { AccessConfig, accessView } from './state/access.js';
import { createCluster, seededRandom } from './state/cluster/index.js';
import { type SavedCluster, savedCluster } from './state/saved-cluster.js';
import type { SimulatorState } from './state/state.js';
import { UserStore } from './state/users.js';
import { systemClock, type TaskClock } from './tasks/clock.js';
import { TaskRegistry } from './tasks/registry.js';

export interface SimulatorOptions {
  /** root@pam's password; a random one when absent (read it from `credentials`). */
  readonly rootPassword?: string;
  /** Epoch milliseconds; every expiry, ticket age and TOTP step uses it. Default `Date.now`. */
  readonly clock?: () => number;
  /** Extra wait before each 401, as pveproxy's (3 s there). Default 0. */
  readonly authFailureDelayMs?: number;
  /** Cluster members `pve1`, `pve2`, …; default 1. */
  readonly nodes?: number;
  /**
   * The clock worker tasks run on; when given without `clock`, it is the simulator's clock
   * too. Default: `clock` for the time, real timers for durations.
   */
  readonly taskClock?: TaskClock;
  /**
   * A JSON file holding nodes, storages and guests across runs: read at creation (a missing
   * file starts a fresh cluster, `nodes` then applies), written after every change.
   * Users (password hashes), tokens, TFA, groups, roles, ACL and the task history are kept
   * too; root@pam's password is always the one given now (or a fresh random one).
   */
  readonly stateFile?: string;
  /**
   * How long guest worker tasks (`qmclone`, `vzcreate` …) run, in milliseconds by task type:
   * `'realistic'` for the built-in `REALISTIC_TASK_MS`, or your own table. Default: each task
   * ends as soon as its work is done.
   */
  readonly taskDurations?: 'realistic' | Readonly<Record<string, number>>;
  /**
   * A named starting point: `'demo'` adds templates, VMs and containers (some running), a
   * pool, an ISO, users, groups and ACLs (see the README). Default: an empty cluster.
   */
  readonly seed?: SeedName;
  /** Seed of the random source fault `rate`s and delay ranges draw from. Default 1. */
  readonly faultSeed?: number;
}

export interface Simulator {
  /** In-memory `fetch`: the full protocol, no socket. */
  readonly fetch: FetchLike;
  readonly credentials: { readonly username: 'root@pam'; readonly password: string };
  readonly access: SimulatorAccess;
  readonly tasks: SimulatorTasks;
  /** The requests received (the latest 10,000), oldest first; headers verbatim, credentials too. */
  readonly requests: RecordedRequest[];
  readonly faults: {
    add(fault: FaultSpec): number;
    remove(id: number): void;
    clear(): void;
    list(): ActiveFault[];
  };
  /** The app itself, for adapters that bring their own transport. */
  handle(request: SimRequest): Promise<SimOutcome>;
  /** Serves the simulator on a socket (HTTPS by default). */
  listen(options?: ListenOptions): Promise<SimulatorListener>;
  /** Closes every listener and ends pending delays; later calls fail like a refused connection. */
  close(): Promise<void>;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  validateOptions(options);
  const clock =
    options.clock ?? (options.taskClock ? () => options.taskClock?.now() ?? 0 : Date.now);
  const taskClock = options.taskClock ?? { now: clock, schedule: systemClock.schedule };
  const rootPassword = options.rootPassword ?? randomBytes(12).toString('base64url');
  const users = new UserStore();
  seedUsers(users, rootPassword);

  let certificate: Promise<NodeCertificate> | undefined;
  const nodeCertificate = () => {
    certificate ??= generateNodeCertificate('pve1');
    return certificate;
  };
  const saved: SavedCluster | undefined =
    options.stateFile === undefined
      ? undefined
      : savedCluster(options.stateFile, options.nodes ?? 1, clock);
  const access = new AccessConfig();
  // A seeded cluster draws its UUIDs and MACs from a fixed sequence, so a demo is repeatable.
  const clusterEnvironment =
    options.seed === undefined ? { clock } : { clock, random: seededRandom(0x5eed) };
  const state: SimulatorState = {
    users,
    access,
    accessView: () => accessView(users, access, state.cluster.state.pools),
    cluster: saved?.cluster ?? createCluster({ nodes: options.nodes ?? 1 }, clusterEnvironment),
    persist: () => saved?.save() ?? Promise.resolve(),
    tasks: new TaskRegistry({ clock: taskClock }),
    keys: lazyAuthKeys(),
    clock,
    fingerprint: async () => (await nodeCertificate()).fingerprint,
    taskDurations:
      options.taskDurations === 'realistic' ? REALISTIC_TASK_MS : (options.taskDurations ?? {}),
  };
  saved?.attach(state);

  const simulatorAccess = createAccess(users, access, clock);
  if (options.seed !== undefined) {
    applySeed(options.seed, state.cluster, simulatorAccess);
    // A failed first write shows again, with its cause, on the next change's save.
    saved?.save().catch(() => undefined);
  }
  const faults = new FaultSwitchboard(seededRandom(options.faultSeed ?? 1));
  const sleeper = new Sleeper();
  const requests: RecordedRequest[] = [];
  const handle = createApp({
    state,
    routes: routeTable(),
    faults,
    requests,
    sleeper,
    authFailureDelayMs: options.authFailureDelayMs ?? 0,
  });

  const listeners = new Set<SimulatorListener>();
  let closed = false;

  return {
    fetch: inMemoryFetch(handle, 'https://pve1:8006', () => closed),
    credentials: { username: 'root@pam', password: rootPassword },
    access: simulatorAccess,
    tasks: createTasks(state.tasks, state.cluster),
    requests,
    faults: {
      add: (fault) => faults.add(fault),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    handle,
    async listen(listenOptions = {}) {
      if (closed) throw new SimulatorError('CLOSED', 'the simulator is closed; create a new one');
      const listener = await listen(handle, await nodeCertificate(), listenOptions);
      listeners.add(listener);
      return {
        ...listener,
        close: async () => {
          listeners.delete(listener);
          await listener.close();
        },
      };
    },
    async close() {
      closed = true;
      sleeper.cancelAll();
      await saved?.settled();
      await Promise.all([...listeners].map((listener) => listener.close()));
      listeners.clear();
    },
  };
}
