export const VERSION = '0.1.0';

export * from './api/index.js';
export type {
  TfaChallenge,
  TfaChallengeHandler,
  TicketAuthOptions,
  TicketCredentials,
  TokenAuthOptions,
} from './auth/index.js';
export {
  type AuthOptions,
  type Clock,
  type HttpMethod,
  ProxmoxClient,
  type ProxmoxClientOptions,
  type RequestOptions,
  type RetryOptions,
  type TimeoutOptions,
} from './client/index.js';
export {
  type ConnectionFailure,
  classifyResponse,
  ProxmoxAbortError,
  ProxmoxAuthenticationError,
  ProxmoxConnectionError,
  ProxmoxError,
  ProxmoxHttpError,
  type ProxmoxHttpErrorDetails,
  ProxmoxNotFoundError,
  ProxmoxNotImplementedError,
  ProxmoxOptionsError,
  ProxmoxParameterError,
  ProxmoxPathError,
  ProxmoxPermissionError,
  ProxmoxResponseError,
  ProxmoxTfaRequiredError,
  ProxmoxTimeoutError,
  ProxmoxUnavailableError,
  ProxmoxValidationError,
  type TfaFactor,
} from './errors/index.js';
export type { LogLevel, ProxmoxLogger } from './log/index.js';
export {
  ProxmoxTaskError,
  ProxmoxTaskTimeoutError,
  ProxmoxUpidError,
  parseUpid,
  STARTUP_GRACE_MS,
  type TaskListEntry,
  type TaskListFilters,
  type TaskLogLine,
  type TaskLogOptions,
  type TaskResult,
  type TaskStatus,
  type Tasks,
  type TaskWaitOptions,
  type Upid,
} from './tasks/index.js';
export {
  encodeParams,
  type FetchInit,
  type FetchLike,
  type FetchResponse,
  formatFingerprint,
  normalizeFingerprint,
  type ParamScalar,
  type Params,
  type ParamValue,
  type ProxmoxEnvelope,
  probeFingerprint,
  resolvePath,
  type TlsOptions,
} from './transport/index.js';
