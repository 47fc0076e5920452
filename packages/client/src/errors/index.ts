export { ProxmoxError } from './base.js';
export { classifyResponse, type FailedResponse } from './classify.js';
export {
  ProxmoxAuthenticationError,
  ProxmoxHttpError,
  type ProxmoxHttpErrorDetails,
  ProxmoxNotFoundError,
  ProxmoxNotImplementedError,
  ProxmoxPermissionError,
  ProxmoxUnavailableError,
  ProxmoxValidationError,
} from './http.js';
export {
  type ConnectionFailure,
  ProxmoxAbortError,
  ProxmoxConnectionError,
  ProxmoxResponseError,
  ProxmoxTimeoutError,
} from './transport.js';
export {
  ProxmoxOptionsError,
  ProxmoxParameterError,
  ProxmoxPathError,
  ProxmoxTfaRequiredError,
  type TfaFactor,
} from './usage.js';
