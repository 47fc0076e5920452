import { readFile } from 'node:fs/promises';
import { createAgent } from 'pvekit';
import { request } from 'undici';

/**
 * Where a schema comes from: a JSON file (the tree itself), an `apidoc.js` file as pve-docs
 * ships it, or a live node (`https://host:8006`), which serves the schema of exactly the
 * version it runs at `/pve-docs/api-viewer/apidoc.js`.
 */
export interface SchemaSourceOptions {
  /** Accept any certificate (a node with its self-signed default certificate). */
  readonly insecure?: boolean;
  /** SHA-256 fingerprint of the node's certificate (`AA:BB:…`, as `pvenode cert info` shows). */
  readonly fingerprint?: string;
}

export class SchemaSourceError extends Error {
  override name = 'SchemaSourceError';
}

const APIDOC_PATH = '/pve-docs/api-viewer/apidoc.js';

export async function loadSchema(
  source: string,
  options: SchemaSourceOptions = {},
): Promise<unknown> {
  const text = /^https?:\/\//.test(source)
    ? await fetchApidoc(source, options)
    : await readFile(source, 'utf8');
  return parseSchemaText(text, source);
}

/** Accepts plain JSON, or the apidoc.js script a node serves (it declares `apiSchema`). */
export function parseSchemaText(text: string, origin: string): unknown {
  const start = text.indexOf('[');
  const prefix = text.slice(0, start).trim();
  if (start < 0 || (prefix !== '' && !/^(const|let|var)\s+apiSchema\s*=$/.test(prefix))) {
    throw new SchemaSourceError(
      `${origin} holds neither a schema tree (a JSON array) nor an apidoc.js declaring apiSchema; ` +
        `pass schema-<version>.json or https://<node>:8006`,
    );
  }
  const json = text.slice(start, endOfJsonArray(text, start, origin));
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new SchemaSourceError(`${origin}: the schema is not valid JSON`, { cause: error });
  }
}

/** Index just past the `]` closing the array opened at `start`, skipping string contents. */
function endOfJsonArray(text: string, start: number, origin: string): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') depth++;
    else if (char === ']' || char === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new SchemaSourceError(`${origin}: the schema array never closes (truncated download?)`);
}

async function fetchApidoc(base: string, options: SchemaSourceOptions): Promise<string> {
  const url = new URL(base);
  if (url.pathname === '/' || url.pathname === '') url.pathname = APIDOC_PATH;
  // The client's own agent: the same pinning (checked after the handshake) and insecure mode.
  const dispatcher = createAgent({
    ...(options.insecure === true ? { insecure: true } : {}),
    ...(options.fingerprint !== undefined ? { fingerprint: options.fingerprint } : {}),
  });
  try {
    const response = await request(url, { dispatcher });
    const body = await response.body.text();
    if (response.statusCode !== 200) {
      throw new SchemaSourceError(`${url.href} answered ${response.statusCode}; is it a PVE node?`);
    }
    return body;
  } finally {
    await dispatcher.close();
  }
}
