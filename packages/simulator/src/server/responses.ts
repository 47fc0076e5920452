import type { HttpError } from '../router/http-error.js';
import type { SimResponse } from './wire.js';

// The headers pve-api-daemon sends on every API answer (pve-http-server AnyEvent.pm `response`).
function baseHeaders(now: Date): Record<string, string> {
  const date = now.toUTCString();
  return {
    server: 'pve-api-daemon/3.0',
    date,
    expires: date,
    'cache-control': 'max-age=0',
    pragma: 'no-cache',
  };
}

const JSON_TYPE = 'application/json;charset=UTF-8';

/**
 * The reason phrase pveproxy puts in the status line: the first line of the message, reduced
 * to what an HTTP/1.1 reason phrase may hold (tab, visible ASCII, Latin-1 obs-text).
 */
function reasonPhrase(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? '';
  return firstLine.replace(/[^\t\x20-\x7e\xa0-\xff]/g, '?');
}

export function jsonResponse(
  now: Date,
  payload: Record<string, unknown>,
  status = 200,
  statusText = 'OK',
): SimResponse {
  return {
    status,
    statusText,
    headers: { ...baseHeaders(now), 'content-type': JSON_TYPE },
    body: JSON.stringify(payload),
  };
}

export function errorResponse(now: Date, error: HttpError): SimResponse {
  const statusText = reasonPhrase(error.message);
  if (error.emptyBody) {
    return { status: error.status, statusText, headers: baseHeaders(now), body: '' };
  }
  const payload: Record<string, unknown> = { data: null, message: error.message };
  if (error.errors !== undefined) payload.errors = error.errors;
  return jsonResponse(now, payload, error.status, statusText);
}
