export { createAgent, FINGERPRINT_MISMATCH, type TlsOptions } from './agent.js';
export { dispatchThrough } from './dispatch.js';
export { decodeEnvelope, type ProxmoxEnvelope } from './envelope.js';
export { type ConnectionFailureDescription, describeConnectionFailure } from './failure.js';
export { formatFingerprint, normalizeFingerprint } from './fingerprint.js';
export { encodeParams, type ParamScalar, type Params, type ParamValue } from './params.js';
export { type ResolvedPath, resolvePath } from './path.js';
export { probeFingerprint } from './probe.js';
export {
  type FetchInit,
  type FetchLike,
  type FetchResponse,
  raceAbort,
} from './send.js';
