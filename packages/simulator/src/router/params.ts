import { HttpError, parameterError } from './http-error.js';
import { UPLOAD_PATH, uploadParams } from './multipart.js';

/** Request parameters after merging: form values are strings, JSON keeps its types. */
export type Params = Record<string, unknown>;

// pve-http-server refuses bodies above `$limit_max_post`.
const MAX_BODY_BYTES = 512 * 1024;

// A repeated key becomes an array, as `decode_urlencoded` does.
function fromSearchParams(search: URLSearchParams): Params {
  const params: Params = {};
  for (const [key, value] of search) {
    const previous = params[key];
    if (previous === undefined) params[key] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else params[key] = [previous, value];
  }
  return params;
}

export function queryParams(url: URL): Params {
  return fromSearchParams(url.searchParams);
}

function jsonParams(text: string): Params {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'unable to parse JSON request body');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpError(400, 'JSON request body must be an object');
  }
  return parsed as Params;
}

/** Decodes a POST/PUT body: form-urlencoded (also when untyped) or JSON. */
export function bodyParams(
  contentType: string | null,
  body: Uint8Array | undefined,
  apiPath = '',
): Params {
  if (body === undefined || body.byteLength === 0) return {};
  const mediaType = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  // The upload endpoint streams its file past the body limit (router/multipart.ts).
  if (mediaType === 'multipart/form-data' && UPLOAD_PATH.test(apiPath)) {
    return uploadParams(contentType ?? '', body);
  }
  if (body.byteLength > MAX_BODY_BYTES) throw new HttpError(501, 'for data too large');

  const text = new TextDecoder().decode(body);
  if (mediaType === '' || mediaType === 'application/x-www-form-urlencoded') {
    return fromSearchParams(new URLSearchParams(text));
  }
  if (mediaType === 'application/json') return jsonParams(text);
  throw new HttpError(506, `unsupported content type '${mediaType}'`);
}

/**
 * Query values win over body values; path values are fixed by the URL and a different
 * value for the same name is refused (pve-manager HTTPServer.pm `rest_handler`).
 */
export function mergeParams(body: Params, query: Params, path: Record<string, string>): Params {
  const merged: Params = { ...body, ...query };
  delete merged._dc; // the GUI's cache buster
  for (const [name, value] of Object.entries(path)) {
    const given = merged[name];
    if (given !== undefined && String(given) !== value) {
      throw parameterError({
        [name]: 'duplicate parameter (already defined in URI) with conflicting values!',
      });
    }
    merged[name] = value;
  }
  return merged;
}
