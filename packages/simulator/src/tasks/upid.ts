/**
 * UPIDs, the ids of worker tasks: `UPID:node:pid:pstart:starttime:type:id:user:`.
 * Format and decoder from `PVE::Tools::upid_encode` / `upid_decode`
 * (https://github.com/proxmox/pve-common/blob/master/src/PVE/UPID.pm).
 */
import { ProxmoxUpidError, parseUpid } from 'pvekit';
import { SimulatorError } from '../errors.js';

export interface UpidFields {
  readonly node: string;
  /** Process id of the worker. */
  readonly pid: number;
  /** Start time of the worker process, in clock ticks since boot. */
  readonly pstart: number;
  /** Epoch seconds. */
  readonly starttime: number;
  /** Task type, e.g. `qmstart`, `vzdump`. */
  readonly type: string;
  /** What the task works on, usually a vmid; may be empty. */
  readonly id: string;
  /** The userid or token id (`user@realm!tokenid`) that started it. */
  readonly user: string;
}

const NODE_PART = '[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?';
const TEXT = String.raw`[^:\s/]`;
const NODE = new RegExp(`^${NODE_PART}$`);
const FIELD = new RegExp(`^${TEXT}*$`);

/**
 * The fields of a UPID, or undefined when it is not one. The grammar is the client's
 * (`parseUpid`), so both sides of the wire read UPIDs alike.
 */
export function decodeUpid(upid: string): UpidFields | undefined {
  try {
    const { node, pid, pstart, starttime, type, id, user, tokenid } = parseUpid(upid);
    const authid = tokenid === undefined ? user : `${user}!${tokenid}`;
    return { node, pid, pstart, starttime, type, id, user: authid };
  } catch (error) {
    if (error instanceof ProxmoxUpidError) return undefined;
    throw error;
  }
}

/** Builds a UPID; numbers are written as upper-case hex, zero-padded to 8 digits. */
export function encodeUpid(fields: UpidFields): string {
  checkNode(fields.node);
  checkNumber('pid', fields.pid, 0xffffffff);
  // pstart may take 9 hex digits: it outgrows 32 bits after about 497 days of uptime.
  checkNumber('pstart', fields.pstart, 0xfffffffff);
  checkNumber('starttime', fields.starttime, 0xffffffff);
  checkText('type', fields.type, false);
  checkText('id', fields.id, true);
  checkText('user', fields.user, false);
  const hex = (value: number) => value.toString(16).toUpperCase().padStart(8, '0');
  return [
    'UPID',
    fields.node,
    hex(fields.pid),
    hex(fields.pstart),
    hex(fields.starttime),
    fields.type,
    fields.id,
    fields.user,
    '',
  ].join(':');
}

function checkNode(node: string): void {
  if (NODE.test(node)) return;
  throw new SimulatorError(
    'INVALID_UPID_FIELD',
    `node '${node}' is not a valid node name: use letters, digits and inner hyphens`,
  );
}

function checkNumber(name: string, value: number, max: number): void {
  if (Number.isInteger(value) && value >= 0 && value <= max) return;
  throw new SimulatorError(
    'INVALID_UPID_FIELD',
    `${name} ${value} does not fit a UPID: give an integer from 0 to ${max}`,
  );
}

function checkText(name: string, value: string, mayBeEmpty: boolean): void {
  if (FIELD.test(value) && (mayBeEmpty || value !== '')) return;
  const need = mayBeEmpty ? '' : 'a non-empty value ';
  throw new SimulatorError(
    'INVALID_UPID_FIELD',
    `${name} '${value}' does not fit a UPID: give ${need}without ':', '/' or whitespace`,
  );
}
