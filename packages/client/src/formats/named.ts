/**
 * Validators for Proxmox's named string formats (`format: 'pve-vmid'` …). Each returns the
 * message Proxmox dies with (newline included, as it reaches the error map), or `undefined`.
 * Sources: pve-common `JSONSchema.pm`, pve-access-control `AccessControl.pm` and
 * `Auth/Plugin.pm`, pve-storage `Plugin.pm`, qemu-server, pve-container, pve-guest-common.
 */
import { IPV4_RE, IPV6_RE, isCidr } from './ip.js';
import { accessValidators } from './named-access.js';
import { looseValidators } from './named-loose.js';
import { parseSize } from './size.js';

export type NamedValidator = (value: string) => string | undefined;

const fail = (message: string): string => `${message}\n`;
const matching =
  (re: RegExp, message: (value: string) => string): NamedValidator =>
  (value) =>
    re.test(value) ? undefined : fail(message(value));

const CONFIGID = /^[a-z][a-z0-9_-]+$/i;
const ID = /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i;
const EMAIL_USER = /^[\w+\-~]+(?:\.[\w+\-~]+)*$/;
const EMAIL = /^[\w+\-~]+(?:\.[\w+\-~]+)*@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*$/;
const DNS_NAME =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const TAG = /^[a-z0-9_][a-z0-9_\-+.]*$/i;

const isIp = (value: string): boolean => IPV4_RE.test(value) || IPV6_RE.test(value);
const isCidrAny = (value: string): boolean => isCidr(value, 4) || isCidr(value, 6);

/** The 33 dotted IPv4 netmasks, `0.0.0.0` to `255.255.255.255`. */
const NETMASKS = new Set(
  Array.from({ length: 33 }, (_, bits) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 0xff).join('.');
  }),
);

const STORAGE_CONTENT = new Set('images rootdir vztmpl iso backup snippets import none'.split(' '));

/** `0` … `max-1` as a regex alternation, for the numbered config keys. */
const upTo = (max: number): string => Array.from({ length: max }, (_, n) => n).join('|');
const numbered = (entries: ReadonlyArray<[string, number]>): string =>
  entries.map(([name, count]) => `${name}(?:${upTo(count)})`).join('|');
const DISKS: ReadonlyArray<[string, number]> = [
  ['ide', 4],
  ['sata', 6],
  ['scsi', 31],
  ['virtio', 16],
];

/** Devices a VM may boot from (qemu-server `verify_bootdev`, limits from FACTS §1.2). */
const BOOT_DEVICE = new RegExp(
  `^(?:${numbered([...DISKS, ['net', 32], ['usb', 14], ['hostpci', 16]])})$`,
);
/** qemu-server `is_valid_drivename`: the disks plus `efidisk0` and `tpmstate0`. */
const DRIVE_NAME = new RegExp(`^(?:${numbered(DISKS)}|efidisk0|tpmstate0)$`);

function verifyVlanIdOrRange(value: string): string | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value);
  if (!match?.[1]) return fail(`invalid VLAN configuration '${value}'`);
  const [start, end] = [Number(match[1]), match[2] === undefined ? undefined : Number(match[2])];
  for (const tag of [start, end]) {
    if (tag !== undefined && (tag < 2 || tag > 4094)) return fail(`invalid VLAN tag '${tag}'`);
  }
  if (end !== undefined && end !== 0 && start >= end) {
    return fail(`VLAN range must go from lower to higher tag '${value}'`);
  }
  return undefined;
}

/** `source:target` pairs or a single default target; `1` maps each id to itself. */
const idPair =
  (check: NamedValidator): NamedValidator =>
  (value) => {
    if (value === '1') return undefined;
    for (const id of value.includes(':') ? value.split(':') : [value]) {
      const problem = check(id);
      if (problem) return fail(`entry '${value}' contains invalid ID - ${problem}`);
    }
    return value.split(':').length > 2 ? fail(`entry '${value}' contains invalid ID`) : undefined;
  };

const volumeId = matching(
  /^[a-z][a-z0-9\-_.]*[a-z0-9]:.+$/i,
  (v) => `unable to parse volume ID '${v}'`,
);

/** `0-3,8`: CPU numbers and ascending ranges (pve-common `PVE::CpuSet::parse_cpuset`). */
function isCpuSet(value: string): boolean {
  return value.split(',').every((part) => {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    return range?.[1] !== undefined && Number(range[1]) <= Number(range[2] ?? range[1]);
  });
}

const storageId = matching(ID, (v) => `storage ID '${v}' contains illegal characters`);
const bridgeId = matching(/^[-_.\w]+$/, (v) => `invalid bridge ID '${v}'`);

export const namedValidators: Readonly<Record<string, NamedValidator>> = {
  ...looseValidators,
  ...accessValidators,
  string: () => undefined,
  urlencoded: matching(/^[-%a-zA-Z0-9_.!~*'()]*$/, (v) => `invalid urlencoded string: ${v}`),
  'pve-configid': matching(CONFIGID, (v) => `invalid configuration ID '${v}'`),
  'pve-storage-id': storageId,
  'pve-bridge-id': bridgeId,
  'pve-vmid': matching(/^[1-9][0-9]{2,8}$/, () => 'value does not look like a valid VM ID'),
  'pve-node': matching(
    /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
    () => 'value does not look like a valid node name',
  ),
  'mac-addr': matching(
    /^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i,
    () => 'value does not look like a valid unicast MAC address',
  ),
  ipv4: matching(IPV4_RE, () => 'value does not look like a valid IPv4 address'),
  ipv6: matching(IPV6_RE, () => 'value does not look like a valid IPv6 address'),
  ip: (v) => (isIp(v) ? undefined : fail('value does not look like a valid IP address')),
  ipv4mask: (v) =>
    NETMASKS.has(v) ? undefined : fail('value does not look like a valid IP netmask'),
  CIDRv4: (v) =>
    isCidr(v, 4) ? undefined : fail('value does not look like a valid IPv4 CIDR network'),
  CIDRv6: (v) =>
    isCidr(v, 6) ? undefined : fail('value does not look like a valid IPv6 CIDR network'),
  CIDR: (v) => (isCidrAny(v) ? undefined : fail('value does not look like a valid CIDR network')),
  'pve-ipv4-config': (v) =>
    v === 'dhcp' || v === 'manual' || isCidr(v, 4)
      ? undefined
      : fail('value does not look like a valid ipv4 network configuration'),
  'pve-ipv6-config': (v) =>
    v === 'auto' || v === 'dhcp' || v === 'manual' || isCidr(v, 6)
      ? undefined
      : fail('value does not look like a valid ipv6 network configuration'),
  email: matching(EMAIL, () => 'value does not look like a valid email address'),
  'email-or-username': (v) =>
    EMAIL.test(v) || EMAIL_USER.test(v)
      ? undefined
      : fail('value does not look like a valid email address or user name'),
  'dns-name': matching(DNS_NAME, () => 'value does not look like a valid DNS name'),
  address: (v) =>
    isIp(v) || DNS_NAME.test(v)
      ? undefined
      : fail(`value does not look like a valid address: ${v}`),
  'disk-size': (v) =>
    parseSize(v) === undefined
      ? fail(`value does not look like a valid disk size: ${v}`)
      : undefined,
  'pve-iface': matching(
    /^[a-z][a-z0-9_]{1,20}(?:[:.]\d+)?$/i,
    (v) => `invalid network interface name '${v}'`,
  ),
  'pve-vlan-id-or-range': verifyVlanIdOrRange,
  'ldap-simple-attr': matching(
    /^[a-zA-Z0-9]+$/,
    (v) => `value '${v}' does not look like a simple ldap attribute name`,
  ),
  'pve-tag': matching(TAG, () => 'invalid characters in tag'),
  'pve-task-status-type': matching(
    /^(?:ok|error|warning|unknown)$/i,
    (v) => `invalid status '${v}'`,
  ),
  'storage-pair': idPair(storageId),
  'bridge-pair': idPair(bridgeId),
  'pve-replication-job-id': (v) => {
    const match = /^(\d+)-(\d+)$/.exec(v);
    if (!match) return fail(`invalid replication job id '${v}'`);
    return Number(match[1]) < 100
      ? fail(`invalid replication job id '${v}' (guest IDs < 100 are reseved)`)
      : undefined;
  },
  'pve-storage-path': matching(
    /^\/[^;()]+/,
    () => 'value does not look like a valid absolute path',
  ),
  'pve-storage-server': (v) =>
    isIp(v) || DNS_NAME.test(v)
      ? undefined
      : fail('value does not look like a valid server name or IP address'),
  'pve-storage-vgname': matching(
    /^[a-z0-9][a-z0-9\-_.]*[a-z0-9]$/i,
    (v) => `lvm name '${v}' contains illegal characters`,
  ),
  'pve-storage-content': (v) =>
    STORAGE_CONTENT.has(v) ? undefined : fail(`invalid content type '${v}'`),
  'pve-storage-options': matching(/^\S+$/, (v) => `invalid options '${v}'`),
  'pve-volume-id': volumeId,
  // qemu-server: an absolute path passes as it is; anything else must be a volume id.
  'pve-volume-id-or-absolute-path': (v) => (v.startsWith('/') ? undefined : volumeId(v)),
  'pve-volume-id-or-qm-path': (v) =>
    v === 'none' || v === 'cdrom' || v.startsWith('/') ? undefined : volumeId(v),
  'pve-cpuset': (v) => (isCpuSet(v) ? undefined : fail('unable to parse cpuset option')),
  'pve-phys-bits': (v) =>
    /^(?:host|\d{1,2})$/.test(v) && (v === 'host' || (Number(v) >= 8 && Number(v) <= 64))
      ? undefined
      : fail("value must be an integer between 8 and 64 or 'host'"),
  'pve-qm-bootdev': matching(BOOT_DEVICE, (v) => `invalid boot device '${v}'`),
  'pve-qm-bootdisk': matching(DRIVE_NAME, (v) => `invalid boot disk '${v}'`),
};

/**
 * Proxmox's `check_format`: `NAME-list` checks each entry of a list (split at `,` `;` or
 * spaces), `NAME-opt` checks only a non-empty value. `undefined` means valid — or a format
 * this table does not know.
 */
export function checkNamedFormat(format: string, value: string): string | undefined {
  const match = /^(.*?)(?:-(list|opt))?$/.exec(format);
  const name = match?.[1] ?? format;
  const validator = namedValidators[format] ?? namedValidators[name];
  // Limitation: a named format missing from this table passes unchecked; the server still
  // checks it, so the user sees Proxmox's 400 instead of an early error.
  if (!validator) return undefined;
  if (namedValidators[format] || match?.[2] === undefined) return validator(value);
  if (match[2] === 'opt') return value && value !== '0' ? validator(value) : undefined;
  for (const entry of splitList(value)) {
    const problem = validator(entry);
    if (problem) return problem;
  }
  return undefined;
}

/** pve-common `split_list`: NUL-separated, or else separated by `,`, `;` and whitespace. */
export function splitList(value: string): string[] {
  if (value.includes('\0')) return value.split('\0');
  return value
    .replace(/[,;]/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((entry) => entry !== '');
}
