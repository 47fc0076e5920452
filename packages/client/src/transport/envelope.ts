import { ProxmoxResponseError } from '../errors/transport.js';

/** The `/api2/json` answer: `data`, and `total` where the server counts (task lists, logs). */
export interface ProxmoxEnvelope<T = unknown> {
  readonly data: T;
  readonly total?: number;
}

export function decodeEnvelope<T>(method: string, path: string, body: string): ProxmoxEnvelope<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ProxmoxResponseError(
      method,
      path,
      'the answer is not JSON; is this a Proxmox VE API?',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || !('data' in parsed)) {
    throw new ProxmoxResponseError(method, path, 'the answer has no `data` field');
  }
  const { data, total } = parsed as { data: T; total?: unknown };
  const count = typeof total === 'number' || typeof total === 'string' ? Number(total) : Number.NaN;
  return Number.isFinite(count) ? { data, total: count } : { data };
}
