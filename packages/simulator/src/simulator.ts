import { randomBytes } from 'node:crypto';
import { lazyAuthKeys } from './auth/keys.js';
import { newRecoveryKeys, newTotpSecret, totpCode } from './auth/tfa.js';
import { SimulatorError } from './errors.js';
import { type ActiveFault, type FaultSpec, FaultSwitchboard } from './faults/faults.js';
import { routes } from './handlers/index.js';
import { validateOptions } from './options.js';
import { RouteTable } from './router/table.js';
import { createApp } from './server/app.js';
import { generateNodeCertificate, type NodeCertificate } from './server/certificate.js';
import { type FetchLike, inMemoryFetch } from './server/fetch.js';
import { type ListenOptions, listen, type SimulatorListener } from './server/listener.js';
import { Sleeper } from './server/sleeper.js';
import type { RecordedRequest, SimOutcome, SimRequest } from './server/wire.js';
import { AccessConfig, type AclChange, accessView } from './state/access.js';
import { createCluster } from './state/cluster/index.js';
import type { SimulatorState } from './state/state.js';
import { type NewToken, type NewUser, TOKENID_PATTERN, UserStore } from './state/users.js';

export interface SimulatorOptions {
  /** root@pam's password; a random one when absent (read it from `credentials`). */
  readonly rootPassword?: string;
  /** Epoch milliseconds; every expiry, ticket age and TOTP step uses it. Default `Date.now`. */
  readonly clock?: () => number;
  /** Extra wait before each 401, as pveproxy's (3 s there). Default 0. */
  readonly authFailureDelayMs?: number;
  /** Cluster members `pve1`, `pve2`, …; default 1. */
  readonly nodes?: number;
}

export interface SimulatorAccess {
  /** Creates an API token as `POST /access/users/{userid}/token/{tokenid}` would. */
  createToken(
    userid: string,
    tokenid: string,
    options?: NewToken,
  ): Promise<{ tokenId: string; secret: string }>;
  /** Defines a user; an existing one keeps its tokens and TFA and takes the new settings. */
  addUser(user: NewUser): void;
  /** Gives the user a TOTP factor and returns its base32 secret. */
  enableTotp(userid: string): string;
  /** The code the user's authenticator shows at the simulator's current time. */
  totpCode(userid: string): string;
  /** Gives the user ten one-time recovery keys (replacing any earlier set) and returns them. */
  addRecoveryKeys(userid: string): string[];
  /** Creates a group (or adds members to an existing one). */
  addGroup(groupid: string, members?: readonly string[]): void;
  /** Defines a custom role from privilege names. */
  addRole(roleid: string, privileges: readonly string[]): void;
  /** Grants (or with `delete: true` revokes) roles on a path, as `PUT /access/acl` does. */
  setAcl(change: AclChange): void;
}

export interface Simulator {
  /** In-memory `fetch`: the full protocol, no socket. */
  readonly fetch: FetchLike;
  readonly credentials: { readonly username: 'root@pam'; readonly password: string };
  readonly access: SimulatorAccess;
  /** Every request received, oldest first. Headers are kept verbatim, credentials included. */
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

function createAccess(
  users: UserStore,
  config: AccessConfig,
  clock: () => number,
): SimulatorAccess {
  return {
    async createToken(userid, tokenid, options = {}) {
      if (!TOKENID_PATTERN.test(tokenid)) {
        throw new SimulatorError(
          'INVALID_TOKENID',
          `token id '${tokenid}' must start with a letter and hold only letters, digits, '.', '-', '_'`,
        );
      }
      const token = users.addToken(users.require(userid), tokenid, options);
      if (token === undefined) {
        throw new SimulatorError('TOKEN_EXISTS', `token '${userid}!${tokenid}' already exists`);
      }
      return { tokenId: `${userid}!${tokenid}`, secret: token.secret };
    },
    addUser(user) {
      users.put(user);
    },
    enableTotp(userid) {
      const user = users.require(userid);
      user.totpSecret = newTotpSecret();
      return user.totpSecret;
    },
    totpCode(userid) {
      const secret = users.require(userid).totpSecret;
      if (secret === undefined) {
        throw new SimulatorError(
          'NO_TOTP',
          `user '${userid}' has no TOTP: call access.enableTotp first`,
        );
      }
      return totpCode(secret, clock());
    },
    addRecoveryKeys(userid) {
      const keys = newRecoveryKeys();
      users.require(userid).recoveryKeys = [...keys];
      return keys;
    },
    addGroup(groupid, members = []) {
      for (const member of members) users.require(member);
      config.addGroup(groupid, members);
    },
    addRole: (roleid, privileges) => config.addRole(roleid, privileges),
    setAcl(change) {
      for (const roleid of typeof change.roles === 'string' ? [change.roles] : change.roles) {
        if (!config.hasRole(roleid)) {
          throw new SimulatorError(
            'NO_SUCH_ROLE',
            `role '${roleid}' does not exist: add it with access.addRole`,
          );
        }
      }
      config.changeAcl(change);
    },
  };
}

function seedUsers(users: UserStore, rootPassword: string): void {
  users.put({ userid: 'root@pam', password: rootPassword });
  // Two ordinary users whose passwords nobody knows until a test sets one with addUser.
  users.put({ userid: 'alice@pve', password: randomBytes(18).toString('base64url') });
  users.put({ userid: 'bob@pve', password: randomBytes(18).toString('base64url') });
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  validateOptions(options);
  const clock = options.clock ?? Date.now;
  const rootPassword = options.rootPassword ?? randomBytes(12).toString('base64url');
  const users = new UserStore();
  seedUsers(users, rootPassword);

  let certificate: Promise<NodeCertificate> | undefined;
  const nodeCertificate = () => {
    certificate ??= generateNodeCertificate('pve1');
    return certificate;
  };
  const access = new AccessConfig();
  const state: SimulatorState = {
    users,
    access,
    accessView: () => accessView(users, access),
    cluster: createCluster({ nodes: options.nodes ?? 1 }, { clock }),
    keys: lazyAuthKeys(),
    clock,
    fingerprint: async () => (await nodeCertificate()).fingerprint,
  };

  const faults = new FaultSwitchboard();
  const sleeper = new Sleeper();
  const requests: RecordedRequest[] = [];
  const handle = createApp({
    state,
    routes: new RouteTable(routes),
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
    access: createAccess(users, access, clock),
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
      await Promise.all([...listeners].map((listener) => listener.close()));
      listeners.clear();
    },
  };
}
