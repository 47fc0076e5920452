import { randomBytes } from 'node:crypto';
import { HttpError } from './http-error.js';
import type { Params } from './params.js';

/**
 * `multipart/form-data` as pve-http-server accepts it: only for the storage upload endpoint
 * (AnyEvent.pm `file_upload_multipart`). Its streaming parser wants the text fields first,
 * in the order `content`, `checksum-algorithm`, `checksum`, then the file part, which must
 * be named `filename`; the file goes to `/var/tmp/pveupload-<hex>` and the handler sees
 * `filename` (the normalised name) and `tmpfilename`.
 */
export const UPLOAD_PATH = /^\/nodes\/[^/]+\/storage\/[^/]+\/upload$/;

/** The uploaded bytes ride along the parameters under this key, out of validation's sight. */
export const UPLOADED_FILE = Symbol('uploaded file');

export interface UploadedFile {
  readonly bytes: Uint8Array;
}

const FIELD_ORDER = ['content', 'checksum-algorithm', 'checksum'];

interface Part {
  name: string;
  filename: string | undefined;
  body: Uint8Array;
}

function boundaryOf(contentType: string): string {
  const match = /boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined) throw new HttpError(400, 'multipart boundary missing');
  return boundary;
}

function indexOf(haystack: Buffer, needle: Buffer, from: number): number {
  return haystack.indexOf(needle, from);
}

function parsePart(raw: Buffer): Part {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new HttpError(400, 'multipart part without headers');
  const headers = raw.subarray(0, split).toString('utf8');
  const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) throw new HttpError(400, 'multipart part without a name');
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
  return { name, filename, body: raw.subarray(split + 4) };
}

function splitParts(body: Uint8Array, boundary: string): Part[] {
  const data = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = indexOf(data, delimiter, 0);
  if (start < 0) throw new HttpError(400, 'multipart body without its boundary');
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (data.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = indexOf(data, Buffer.from(`\r\n--${boundary}`), afterDelimiter);
    if (next < 0) throw new HttpError(400, 'multipart body ends inside a part');
    parts.push(parsePart(data.subarray(afterDelimiter + 2, next)));
    start = next + 2;
  }
  return parts;
}

/** The target name: the last path segment, unsafe characters replaced (pve-storage
 * `normalize_content_filename`, `SAFE_CHAR_CLASS_RE`). */
export function normaliseUploadName(name: string): string {
  const base = name.trimEnd().split(/[/\\]/).pop() ?? '';
  return base.replace(/[^A-Za-z0-9\-.+=_]/g, '_');
}

/** Decodes an upload body into the parameters the upload handler sees. */
export function uploadParams(contentType: string, body: Uint8Array): Params {
  const params: Params & { [UPLOADED_FILE]?: UploadedFile } = {};
  let fieldIndex = 0;
  for (const part of splitParts(body, boundaryOf(contentType))) {
    if (params[UPLOADED_FILE] !== undefined) {
      throw new HttpError(400, `multipart field '${part.name}' after the file part`);
    }
    if (part.filename !== undefined) {
      if (part.name !== 'filename') {
        throw new HttpError(400, `the file part is named '${part.name}', expected 'filename'`);
      }
      params.filename = normaliseUploadName(part.filename);
      params.tmpfilename = `/var/tmp/pveupload-${randomBytes(16).toString('hex')}`;
      params[UPLOADED_FILE] = { bytes: part.body };
      continue;
    }
    const position = FIELD_ORDER.indexOf(part.name, fieldIndex);
    if (position < 0) {
      throw new HttpError(
        400,
        `unexpected multipart field '${part.name}' (wanted in the order ${FIELD_ORDER.join(', ')}, then the file)`,
      );
    }
    fieldIndex = position + 1;
    params[part.name] = part.body.toString();
  }
  if (params[UPLOADED_FILE] === undefined)
    throw new HttpError(400, 'multipart upload without a file part');
  return params;
}
