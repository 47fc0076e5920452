export { type HttpMethod, ProxmoxClient } from './client.js';
export { type Clock, systemClock } from './clock.js';
export type {
  AuthOptions,
  ProxmoxClientOptions,
  RequestOptions,
  RetryOptions,
  TimeoutOptions,
} from './options.js';
export { backoffDelay, isRetryable } from './retry.js';
