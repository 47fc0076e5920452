/**
 * Facts about the named hash formats that their `typetext` does not carry, read from the
 * Proxmox sources (links per format; commits as in `../shared/pve-api/FACTS.md`). Keys the
 * typetext already describes fully (an enum, a boolean, a default key) need no entry here.
 * Facts only: no description text.
 */
import type { NamedKeyFacts } from './named-formats.js';

const QS = 'https://github.com/proxmox/qemu-server/blob/e6352be67f70042a7433a3a3c712b36d02f9f7cb';
const PC = 'https://github.com/proxmox/pve-common/blob/f665029eac78022e81810ab2e44eace57ade13fb';

const BASE64 = '[A-Za-z0-9+\\/]+={0,2}';

/** Sources, so a reader can check each table against the code that defines the format. */
export const namedFormatSources: Readonly<Record<string, string>> = {
  'pve-qm-ipconfig': `${QS}/src/PVE/QemuServer.pm ($ipconfig_fmt)`,
  'pve-qm-boot': `${QS}/src/PVE/QemuServer.pm ($boot_fmt)`,
  'pve-qm-watchdog': `${QS}/src/PVE/QemuServer.pm ($watchdog_fmt)`,
  'pve-qm-cicustom': `${QS}/src/PVE/QemuServer.pm ($cicustom_fmt)`,
  'pve-qm-smbios1': `${QS}/src/PVE/QemuServer.pm ($smbios1_fmt)`,
  'pve-qm-rng': `${QS}/src/PVE/QemuServer/RNG.pm ($rng_fmt)`,
  'pve-startup-order': `${PC}/src/PVE/JSONSchema.pm (pve_parse_startup_order)`,
  'proxmox-remote': `${PC}/src/PVE/JSONSchema.pm ($remote_format)`,
};

export const namedFormatFacts: Readonly<Record<string, Readonly<Record<string, NamedKeyFacts>>>> = {
  'pve-qm-ipconfig': {
    ip: { format: 'pve-ipv4-config', default: 'dhcp' },
    gw: { format: 'ipv4', requires: 'ip' },
    ip6: { format: 'pve-ipv6-config', default: 'dhcp' },
    gw6: { format: 'ipv6', requires: 'ip6' },
  },
  'pve-qm-boot': {
    legacy: { perlPattern: '[acdn]{1,4}', default: 'cdn' },
    order: { format: 'pve-qm-bootdev-list' },
  },
  'pve-qm-watchdog': {
    model: { default: 'i6300esb' },
    action: { enum: ['reset', 'shutdown', 'poweroff', 'pause', 'debug', 'none'] },
  },
  'pve-qm-cicustom': {
    meta: { format: 'pve-volume-id' },
    network: { format: 'pve-volume-id' },
    user: { format: 'pve-volume-id' },
    vendor: { format: 'pve-volume-id' },
  },
  'pve-qm-smbios1': {
    uuid: { perlPattern: '[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}' },
    family: { perlPattern: BASE64 },
    manufacturer: { perlPattern: BASE64 },
    product: { perlPattern: BASE64 },
    serial: { perlPattern: BASE64 },
    sku: { perlPattern: BASE64 },
    version: { perlPattern: BASE64 },
  },
  'pve-qm-rng': {
    max_bytes: { default: 1024 },
    period: { default: 1000 },
  },
  // A code validator in Proxmox, not a hash format, but the same grammar: `order` bare or
  // keyed, then `up` and `down`, all `\d+`.
  'pve-startup-order': {
    order: { minimum: 0, perlPattern: '\\d+' },
    up: { minimum: 0, perlPattern: '\\d+' },
    down: { minimum: 0, perlPattern: '\\d+' },
  },
  'proxmox-remote': {
    port: { type: 'integer' },
    fingerprint: { perlPattern: '([A-Fa-f0-9]{2}:){31}[A-Fa-f0-9]{2}' },
  },
};
