import { createHash } from 'node:crypto';
import { type Cluster, randomHex } from './context.js';
import { guestError } from './errors.js';
import { getGuest } from './guest.js';
import type { GuestState } from './types.js';

// What qemu-server writes into the cloud-init drive and lists as pending until it is rebuilt
// (`cloudinit_pending_properties`: the cloud-init options, `name` and the NICs).
const CLOUDINIT_OPTIONS = 'ciuser|cipassword|citype|ciupgrade|cicustom|nameserver|searchdomain';
const CLOUDINIT_KEY = new RegExp(`^(${CLOUDINIT_OPTIONS}|sshkeys|ipconfig\\d+|name|net\\d+)$`);

const SECURITY_KEY_TYPE = /^sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com$/;
const KEY_TYPE = /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521))$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * `sshkeys` arrives URI-encoded a second time inside the form (`%20`, never `+`, for a space):
 * qemu-server decodes it with `uri_unescape` and lets `ssh-keygen -l` judge every line.
 * Limitation: a line passes when its type and base64 look right; the key blob is not parsed.
 */
export function assertSshKeys(encoded: string): void {
  let keys: string;
  try {
    keys = decodeURIComponent(encoded);
  } catch {
    throw guestError('SSH public key validation error');
  }
  for (const line of keys.split('\n')) {
    if (/^\s*$/.test(line)) continue;
    const [type, blob] = line.trim().split(/\s+/);
    if (
      !type ||
      !blob ||
      !(KEY_TYPE.test(type) || SECURITY_KEY_TYPE.test(type)) ||
      !BASE64.test(blob)
    ) {
      throw guestError('SSH public key validation error');
    }
  }
}

/**
 * A hash in place of a cloud-init password: qemu-server stores it crypt()ed (`encrypt_pw`),
 * never in clear, on create and on every update.
 * Limitation: a salted SHA-256 hex, not a real `$5$` crypt string.
 */
export function encryptPassword(cluster: Cluster, password: string): string {
  const salt = randomHex(cluster.random, 16);
  const hash = createHash('sha256')
    .update(salt + password)
    .digest('hex');
  return `$5$${salt}$${hash}`;
}

// What each VM's cloud-init drive was last generated from, as the `[special:cloudinit]`
// section keeps it. Limitation: not saved with the state file; after a restart of the
// simulator every cloud-init option shows as pending.
const generated = new WeakMap<GuestState, Record<string, string>>();

function cloudinitValues(guest: GuestState): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(guest.config)) {
    if (CLOUDINIT_KEY.test(key)) values[key] = value;
  }
  return values;
}

/** PUT `.../cloudinit` and every start: the drive is rebuilt from the current options. */
export function regenerateCloudinit(guest: GuestState): void {
  generated.set(guest, cloudinitValues(guest));
}

export interface CloudinitEntry {
  key: string;
  value?: string;
  pending?: string;
  delete?: 1;
}

/** GET `.../cloudinit`: each option with what the drive holds and what the config now says. */
export function cloudinitPending(cluster: Cluster, node: string, vmid: number): CloudinitEntry[] {
  const guest = getGuest(cluster, node, 'qemu', vmid);
  const current = cloudinitValues(guest);
  const old = generated.get(guest) ?? {};
  const keys = [...new Set([...Object.keys(current), ...Object.keys(old)])].sort();
  return keys.map((key) => {
    const entry: CloudinitEntry = { key };
    const was = old[key];
    const now = current[key];
    if (was !== undefined) entry.value = was;
    if (now === undefined) entry.delete = 1;
    else if (now !== was) entry.pending = now;
    return entry;
  });
}

function prefixToNetmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 0xff).join('.');
}

function userData(guest: GuestState): string {
  const name = guest.config.name ?? `VM${guest.vmid}`;
  const lines = ['#cloud-config', `hostname: ${name}`, 'manage_etc_hosts: true', `fqdn: ${name}`];
  if (guest.config.ciuser) lines.push(`user: ${guest.config.ciuser}`);
  if (guest.config.cipassword) lines.push(`password: ${guest.config.cipassword}`);
  const keys = decodeURIComponent(guest.config.sshkeys ?? '')
    .split('\n')
    .filter((key) => key.trim() !== '');
  if (keys.length > 0) lines.push('ssh_authorized_keys:', ...keys.map((key) => `  - ${key}`));
  lines.push('chpasswd:', '  expire: False', 'users:', '  - default', '');
  lines.push(`package_upgrade: ${guest.config.ciupgrade === '0' ? 'false' : 'true'}`);
  return `${lines.join('\n')}\n`;
}

function networkData(guest: GuestState): string {
  const lines = ['version: 1', 'config:'];
  for (const [key, value] of Object.entries(guest.config).sort()) {
    const index = /^net(\d+)$/.exec(key)?.[1];
    if (index === undefined) continue;
    const mac = /=([0-9A-Fa-f:]{17})/.exec(value)?.[1]?.toLowerCase() ?? '';
    lines.push('    - type: physical', `      name: eth${index}`, `      mac_address: '${mac}'`);
    const ip = /(?:^|,)ip=([^,]+)/.exec(guest.config[`ipconfig${index}`] ?? '')?.[1];
    const gw = /(?:^|,)gw=([^,]+)/.exec(guest.config[`ipconfig${index}`] ?? '')?.[1];
    if (ip === undefined) continue;
    lines.push('      subnets:');
    if (ip === 'dhcp') {
      lines.push('      - type: dhcp4');
      continue;
    }
    const [address, prefix] = ip.split('/');
    lines.push('      - type: static', `        address: '${address}'`);
    lines.push(`        netmask: '${prefixToNetmask(Number(prefix ?? 32))}'`);
    if (gw !== undefined) lines.push(`        gateway: '${gw}'`);
  }
  return `${lines.join('\n')}\n`;
}

/** GET `.../cloudinit/dump`: the generated `user`, `network` or `meta` data. */
export function cloudinitDump(
  cluster: Cluster,
  node: string,
  vmid: number,
  type: 'user' | 'network' | 'meta',
): string {
  const guest = getGuest(cluster, node, 'qemu', vmid);
  if (type === 'user') return userData(guest);
  if (type === 'network') return networkData(guest);
  // The instance id is a digest of what the drive holds, so it changes when the data does.
  const digest = createHash('sha1')
    .update(userData(guest) + networkData(guest))
    .digest('hex');
  return `instance-id: ${digest}\n`;
}
