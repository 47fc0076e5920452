import { ProxmoxUpidError } from './errors.js';

/** The fields a UPID encodes; numbers are decoded from their hex form. */
export interface Upid {
  readonly upid: string;
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  /** Epoch seconds. */
  readonly starttime: number;
  readonly type: string;
  /** What the task works on (often a vmid); empty for some types, e.g. `aptupdate`. */
  readonly id: string;
  /** The userid; for a task started by an API token, the user part of the token id. */
  readonly user: string;
  /** The token name, when an API token started the task. */
  readonly tokenid?: string;
}

// The grammar of pve-common's PVE::UPID (decode_upid):
// https://github.com/proxmox/pve-common/blob/master/src/PVE/UPID.pm
const NODE = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const HEX8 = '[0-9A-Fa-f]{8}';
const PSTART = '[0-9A-Fa-f]{8,9}';
const FIELD = '[^:\\s/]';
const UPID_GRAMMAR = new RegExp(
  `^UPID:(${NODE}):(${HEX8}):(${PSTART}):(${HEX8}):(${FIELD}+):(${FIELD}*):(${FIELD}+):$`,
);

/** Decodes a UPID; throws `ProxmoxUpidError` naming what is wrong with a malformed one. */
export function parseUpid(upid: string): Upid {
  if (typeof upid !== 'string') throw new ProxmoxUpidError(String(upid), 'not a string');
  const match = UPID_GRAMMAR.exec(upid);
  if (match === null) throw new ProxmoxUpidError(upid, whyMalformed(upid));

  const [, node = '', pid = '', pstart = '', starttime = '', type = '', id = '', authid = ''] =
    match;
  const bang = authid.indexOf('!');
  return {
    upid,
    node,
    pid: Number.parseInt(pid, 16),
    pstart: Number.parseInt(pstart, 16),
    starttime: Number.parseInt(starttime, 16),
    type,
    id,
    user: bang < 0 ? authid : authid.slice(0, bang),
    ...(bang < 0 ? {} : { tokenid: authid.slice(bang + 1) }),
  };
}

function whyMalformed(upid: string): string {
  if (!upid.startsWith('UPID:')) return "it does not start with 'UPID:'";
  if (!upid.endsWith(':')) return "it does not end with ':'";
  const fields = upid.slice('UPID:'.length, -1).split(':');
  if (fields.length !== 7) return `it has ${fields.length} fields, not 7`;
  const [node, pid, pstart, starttime] = fields;
  const whole = (pattern: string, value = '') => new RegExp(`^${pattern}$`).test(value);
  if (!whole(NODE, node)) return `node '${node}' is not a node name`;
  if (!whole(HEX8, pid)) return `pid '${pid}' is not 8 hex digits`;
  if (!whole(PSTART, pstart)) return `pstart '${pstart}' is not 8-9 hex digits`;
  if (!whole(HEX8, starttime)) return `starttime '${starttime}' is not 8 hex digits`;
  return 'type, id or user holds a space or a slash, or type or user is empty';
}
