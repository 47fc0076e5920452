import type { ProxmoxError } from '../errors/base.js';
import { ProxmoxHttpError, ProxmoxUnavailableError } from '../errors/http.js';
import { ProxmoxConnectionError, ProxmoxTimeoutError } from '../errors/transport.js';
import type { RetryPolicy } from './validate.js';

/**
 * Proxmox has no idempotency keys, so only a GET may be sent again after it might have reached
 * the server. Any method is retried when it provably never left: the connection was refused,
 * the name did not resolve, the connect timed out. A refused certificate is not retried: it
 * would be refused the same way again.
 */
export function isRetryable(error: ProxmoxError, method: string): boolean {
  if (error instanceof ProxmoxConnectionError) {
    if (error.failure === 'certificate') return false;
    return error.unsent || method === 'GET';
  }
  if (method !== 'GET') return false;
  if (error instanceof ProxmoxTimeoutError) return error.scope === 'attempt';
  return error instanceof ProxmoxUnavailableError || isBusy(error);
}

function isBusy(error: ProxmoxError): boolean {
  return error instanceof ProxmoxHttpError && error.status === 429;
}

/** The wait before retry number `retry` (1-based): capped exponential, jittered to 50–100 %. */
export function backoffDelay(retry: number, policy: RetryPolicy, random = Math.random): number {
  const capped = Math.min(policy.maxDelay, policy.baseDelay * 2 ** (retry - 1));
  return Math.round(capped / 2 + (random() * capped) / 2);
}
