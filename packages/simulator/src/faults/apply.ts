import { HttpError } from '../router/http-error.js';
import { bodyParams, queryParams } from '../router/params.js';
import type { SimRequest } from '../server/wire.js';
import { ANSWERING, type FaultSwitchboard, type FaultTarget } from './faults.js';
import { type ActiveFault, DRIFT_FIELDS, PVEPROXY_AUTH_DELAY_MS, statusMessage } from './spec.js';

/** What the faults decided for one request, before and after its handler runs. */
export interface FaultPlan {
  /** Milliseconds to hold the answer (the sum of every delay that hit). */
  readonly delayMs: number;
  /** Cut the connection without answering. */
  readonly drop: boolean;
  /** Answer this instead of running the handler. */
  readonly error: HttpError | undefined;
  /** Milliseconds to wait before a 401, from `auth-delay` faults (used up only by a 401). */
  unauthorizedDelayMs(): number;
  /** Reshape a successful answer (type drift, UPIDs held back). */
  shape(payload: Record<string, unknown>): Record<string, unknown>;
}

const GUEST_PATH = /^\/nodes\/[^/]+\/(qemu|lxc)(?:\/(\d+))?(?:\/|$)/;

// The flock paths qemu-server and pve-container name in their timeout message.
function lockFile(type: string, vmid: string): string {
  return type === 'qemu'
    ? `/var/lock/qemu-server/lock-${vmid}.conf`
    : `/run/lock/lxc/pve-config-${vmid}.lock`;
}

/** The guest a call changes: from the path, or the `vmid` parameter of a create. */
function lockTarget(request: SimRequest, target: FaultTarget): string | undefined {
  if (target.method === 'GET') return undefined;
  const match = GUEST_PATH.exec(target.apiPath);
  if (match?.[1] === undefined) return undefined;
  let vmid = match[2];
  if (vmid === undefined) {
    try {
      const params = {
        ...queryParams(request.url),
        ...bodyParams(request.headers.get('content-type'), request.body),
      };
      vmid = /^\d+$/.test(String(params.vmid)) ? String(params.vmid) : undefined;
    } catch {
      // An unreadable body has no vmid; the handler will refuse it on its own.
    }
  }
  return vmid === undefined ? undefined : lockFile(match[1], vmid);
}

function drift(value: unknown, fields: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => drift(item, fields));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = typeof inner === 'number' && fields.has(key) ? String(inner) : drift(inner, fields);
  }
  return out;
}

function delayOf(fault: ActiveFault, board: FaultSwitchboard, fallback = 0): number {
  const ms = fault.ms ?? fallback;
  if (typeof ms === 'number') return ms;
  const [min, max] = ms;
  return Math.round(min + board.random() * (max - min));
}

function answerOf(fault: ActiveFault | undefined, lockPath: string | undefined) {
  if (fault?.kind === 'status') return new HttpError(fault.status ?? 500, statusMessage(fault));
  if (fault?.kind === 'lock') {
    return new HttpError(500, fault.message ?? `can't lock file '${lockPath}' - got timeout`);
  }
  return undefined;
}

export function planFaults(
  board: FaultSwitchboard,
  request: SimRequest,
  target: FaultTarget,
): FaultPlan {
  const lockPath = lockTarget(request, target);
  // Only a guest-changing call can time out on a lock; only a POST or PUT starts a task.
  const hits = board.take(target, (fault) => {
    if (fault.kind === 'lock') return lockPath !== undefined;
    if (fault.kind === 'auth-delay') return false;
    return fault.kind !== 'upid' || target.method !== 'GET';
  });
  const answering = hits.find((fault) => ANSWERING.has(fault.kind));
  const drifts = hits.filter((fault) => fault.kind === 'drift');
  const upids = hits.filter((fault) => fault.kind === 'upid');
  return {
    delayMs: hits
      .filter((fault) => fault.kind === 'delay')
      .reduce((sum, fault) => sum + delayOf(fault, board), 0),
    drop: answering?.kind === 'drop',
    error: answerOf(answering, lockPath) ?? board.held.refusal(target),
    unauthorizedDelayMs: () =>
      board
        .take(target, (fault) => fault.kind === 'auth-delay')
        .reduce((sum, fault) => sum + delayOf(fault, board, PVEPROXY_AUTH_DELAY_MS), 0),
    shape(payload) {
      const upid = payload.data;
      if (typeof upid === 'string' && upid.startsWith('UPID:')) {
        for (const fault of upids) board.held.hold(upid, fault.reads ?? 1);
      }
      if (drifts.length === 0) return payload;
      const fields = new Set(drifts.flatMap((fault) => fault.fields ?? DRIFT_FIELDS));
      return drift(payload, fields) as Record<string, unknown>;
    },
  };
}
