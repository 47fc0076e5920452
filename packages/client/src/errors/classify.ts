import {
  ProxmoxAuthenticationError,
  ProxmoxHttpError,
  type ProxmoxHttpErrorDetails,
  ProxmoxNotFoundError,
  ProxmoxNotImplementedError,
  ProxmoxPermissionError,
  ProxmoxUnavailableError,
  ProxmoxValidationError,
} from './http.js';

export interface FailedResponse {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly statusText: string;
  readonly body: string;
  /** Removes known secrets from any text the server echoes back. */
  readonly scrub: (text: string) => string;
}

// The only place where Proxmox's message texts decide anything: Proxmox reports a missing
// guest or file as a plain 500 `die` (pve-guest-common AbstractConfig.pm), and an unknown path
// as 501 "Method '…' not implemented" or "no such uri" (pve-manager HTTPServer.pm).
const DOES_NOT_EXIST = /\bdoes not exist\b/i;
const NOT_IMPLEMENTED = /\bnot implemented\b|\bno such uri\b/i;

/** Turns a non-2xx answer into the error class that says what went wrong. */
export function classifyResponse(response: FailedResponse): ProxmoxHttpError {
  const body = parseBody(response.body);
  const details: ProxmoxHttpErrorDetails = {
    status: response.status,
    method: response.method,
    path: response.path,
    serverMessage: response.scrub(serverMessage(response, body)),
    ...optionalErrors(body, response.scrub),
  };
  const { status, serverMessage: message } = details;

  if (status === 400) return new ProxmoxValidationError(details);
  if (status === 401) return new ProxmoxAuthenticationError(details);
  if (status === 403) return new ProxmoxPermissionError(details);
  if (status === 501 && NOT_IMPLEMENTED.test(message))
    return new ProxmoxNotImplementedError(details);
  if (status === 500 && DOES_NOT_EXIST.test(message)) return new ProxmoxNotFoundError(details);
  if (status === 404) return new ProxmoxNotFoundError(details);
  if (status >= 502 && status <= 504) return new ProxmoxUnavailableError(details);
  if (status >= 595 && status <= 599) return new ProxmoxUnavailableError(details);
  return new ProxmoxHttpError(details);
}

interface ErrorBody {
  message?: unknown;
  errors?: unknown;
}

function parseBody(text: string): ErrorBody {
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as ErrorBody) : {};
  } catch {
    // A 401 from pveproxy's auth handler has a non-JSON (empty) body; the reason phrase is enough.
    return {};
  }
}

// Proxmox puts the first line of its message into the HTTP reason phrase; the JSON `message`
// exists only since libpve-http-server-perl 5.2, so the reason phrase comes first.
function serverMessage(response: FailedResponse, body: ErrorBody): string {
  const reason = response.statusText.trim();
  if (reason !== '') return reason;
  if (typeof body.message === 'string' && body.message.trim() !== '') return body.message.trim();
  return `HTTP ${response.status}`;
}

function optionalErrors(
  body: ErrorBody,
  scrub: (text: string) => string,
): { errors?: Record<string, string> } {
  const { errors } = body;
  if (typeof errors !== 'object' || errors === null || Array.isArray(errors)) return {};
  const entries = Object.entries(errors).map(([name, message]): [string, string] => [
    name,
    scrub(typeof message === 'string' ? message.trim() : JSON.stringify(message)),
  ]);
  return entries.length > 0 ? { errors: Object.fromEntries(entries) } : {};
}
