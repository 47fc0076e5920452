import { ProxmoxOptionsError } from '../errors/usage.js';

const DEFAULT_PORT = 8006;
const API_ROOT = '/api2/json';

/** The API root, e.g. `https://pve1:8006/api2/json`, from the host, baseUrl and port options. */
export function resolveBaseUrl(options: { host?: string; baseUrl?: string; port?: number }): URL {
  const { host, baseUrl, port } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new ProxmoxOptionsError(`port ${String(port)} is not a TCP port; use 1-65535 (8006)`);
  }
  if (host !== undefined && baseUrl !== undefined) {
    throw new ProxmoxOptionsError('host and baseUrl both given; pass one of them');
  }
  const text = baseUrl ?? host;
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ProxmoxOptionsError("a node is needed: pass host ('pve1') or baseUrl");
  }
  const full = text.includes('://') ? text : `https://${bracketIpv6(text)}`;
  return withPortAndRoot(parseUrl(full), port, explicitDefaultPort(full));
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProxmoxOptionsError(`'${text}' is not a host or URL; write e.g. https://pve1:8006`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ProxmoxOptionsError(`'${url.protocol}' is not supported; use https://`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ProxmoxOptionsError('credentials do not belong in the URL; pass them as auth');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ProxmoxOptionsError('the URL may not carry a query or fragment; remove it');
  }
  return url;
}

// A bare IPv6 address needs brackets before it can be read as a URL authority.
function bracketIpv6(host: string): string {
  const colons = host.split(':').length - 1;
  return colons > 1 && !host.startsWith('[') ? `[${host}]` : host;
}

// `new URL` drops a port that is the scheme's default; `https://pve1:443` must still mean 443.
function explicitDefaultPort(text: string): number | undefined {
  const port = /^[a-z]+:\/\/(\[[^\]]*\]|[^/:]*):(\d+)(\/|$)/i.exec(text)?.[2];
  return port === undefined ? undefined : Number(port);
}

function withPortAndRoot(url: URL, port: number | undefined, written: number | undefined): URL {
  const given = url.port === '' ? written : Number(url.port);
  if (port !== undefined && given !== undefined && port !== given) {
    throw new ProxmoxOptionsError(`port ${port} contradicts port ${given} in the URL; give one`);
  }
  // An https URL without a port means Proxmox's 8006, not 443; an explicit http URL keeps 80.
  const effective = port ?? given ?? (url.protocol === 'https:' ? DEFAULT_PORT : undefined);
  const result = new URL(url.href);
  if (effective !== undefined) result.port = String(effective);
  const path = result.pathname.replace(/\/+$/, '');
  result.pathname = path.endsWith(API_ROOT) ? path : `${path}${API_ROOT}`;
  return result;
}
