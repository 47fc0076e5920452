/**
 * Facts about the named hash formats that their `typetext` does not carry, read from the
 * Proxmox sources (links per format; commits as in `../shared/pve-api/FACTS.md`). Keys the
 * typetext already describes fully (an enum, a boolean, a default key) need no entry here.
 * Facts only: no description text.
 */
import type { NamedKeyFacts } from './named-formats.js';

const QS = 'https://github.com/proxmox/qemu-server/blob/e6352be67f70042a7433a3a3c712b36d02f9f7cb';
const PC = 'https://github.com/proxmox/pve-common/blob/f665029eac78022e81810ab2e44eace57ade13fb';
const AC =
  'https://github.com/proxmox/pve-access-control/blob/5ccd07d9302562b73374d331b63d25b04b86766c';
const GC = 'https://github.com/proxmox/pve-guest-common/blob/HEAD';
const ST = 'https://github.com/proxmox/pve-storage/blob/0c56bad8b2a7d69e5ce2c243651fe830d6caa936';

const BASE64 = '[A-Za-z0-9+\\/]+={0,2}';
const HEX_ID = '(?^:^0x[0-9a-fA-F]{4}$)';
const PCI_ID = '(?:[a-f0-9]{4,}:)?[a-f0-9]{2}:[a-f0-9]{2}(?:\\.[a-f0-9])?';
const CPU_FLAG = '(?^:([+-])([a-zA-Z0-9\\-_\\.]+))';

/** `$cpu_vendor_list` in CPUConfig.pm: the models a custom CPU may report, in Perl's order. */
const CPU_MODELS = [
  ...['486', 'pentium', 'pentium2', 'pentium3', 'coreduo', 'core2duo', 'Conroe', 'Penryn'],
  ...['Nehalem', 'Nehalem-IBRS', 'Westmere', 'Westmere-IBRS', 'SandyBridge', 'SandyBridge-IBRS'],
  ...['IvyBridge', 'IvyBridge-IBRS', 'Haswell', 'Haswell-IBRS', 'Haswell-noTSX'],
  ...['Haswell-noTSX-IBRS', 'Broadwell', 'Broadwell-IBRS', 'Broadwell-noTSX'],
  ...['Broadwell-noTSX-IBRS', 'Skylake-Client', 'Skylake-Client-IBRS'],
  ...['Skylake-Client-noTSX-IBRS', 'Skylake-Client-v4', 'Skylake-Server', 'Skylake-Server-IBRS'],
  ...['Skylake-Server-noTSX-IBRS', 'Skylake-Server-v4', 'Skylake-Server-v5'],
  ...['Cascadelake-Server', 'Cascadelake-Server-v2', 'Cascadelake-Server-noTSX'],
  ...['Cascadelake-Server-v4', 'Cascadelake-Server-v5', 'Cooperlake', 'Cooperlake-v2'],
  ...['KnightsMill', 'Icelake-Client', 'Icelake-Client-noTSX', 'Icelake-Server'],
  ...['Icelake-Server-noTSX', 'Icelake-Server-v3', 'Icelake-Server-v4', 'Icelake-Server-v5'],
  ...['Icelake-Server-v6', 'SapphireRapids', 'SapphireRapids-v2', 'GraniteRapids'],
  ...['athlon', 'phenom', 'Opteron_G1', 'Opteron_G2', 'Opteron_G3', 'Opteron_G4', 'Opteron_G5'],
  ...['EPYC', 'EPYC-IBPB', 'EPYC-v3', 'EPYC-v4', 'EPYC-Rome', 'EPYC-Rome-v2', 'EPYC-Rome-v3'],
  ...['EPYC-Rome-v4', 'EPYC-Milan', 'EPYC-Milan-v2', 'EPYC-Genoa'],
  ...['host', 'kvm32', 'kvm64', 'qemu32', 'qemu64', 'max'],
].sort((a, b) => {
  // `sort { lc($a) cmp lc($b) }`: byte order of the lower-cased names.
  const [left, right] = [a.toLowerCase(), b.toLowerCase()];
  return left < right ? -1 : left > right ? 1 : 0;
});

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
  'pve-vm-cpu-conf': `${QS}/src/PVE/QemuServer/CPUConfig.pm ($cpu_fmt)`,
  'pve-qemu-sev-fmt': `${QS}/src/PVE/QemuServer/CPUConfig.pm ($sev_fmt)`,
  'pve-qemu-tdx-fmt': `${QS}/src/PVE/QemuServer/CPUConfig.pm ($tdx_fmt)`,
  'pve-qm-hostpci': `${QS}/src/PVE/QemuServer/PCI.pm ($hostpci_fmt)`,
  'prune-backups': `${ST}/src/PVE/Storage/Plugin.pm ($prune_backups_format)`,
  'backup-performance': `${GC}/src/PVE/VZDump/Common.pm (backup-performance)`,
  'backup-fleecing': `${GC}/src/PVE/VZDump/Common.pm (backup-fleecing)`,
  'pve-tfa-config': `${AC}/src/PVE/Auth/Plugin.pm ($tfa_format)`,
  'realm-sync-options': `${AC}/src/PVE/Auth/Plugin.pm ($realm_sync_options_desc)`,
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
  // Limitation: Proxmox also checks the cputype exists and that VM flags come from a short
  // list (`validate_vm_cpu_conf`); here any name and any `+flag` pass until the server says.
  'pve-vm-cpu-conf': {
    cputype: { default: 'kvm64' },
    'reported-model': { enum: CPU_MODELS, default: 'kvm64' },
    hidden: { default: 0 },
    'hv-vendor-id': { perlPattern: '(?^:[a-zA-Z0-9]{1,12})' },
    flags: { perlPattern: `(?^:${CPU_FLAG}(;${CPU_FLAG})*)` },
    'guest-phys-bits': { minimum: 32, maximum: 64 },
    'phys-bits': { format: 'pve-phys-bits' },
  },
  'pve-qemu-sev-fmt': {
    type: { enum: ['std', 'es', 'snp'], maxLength: 3 },
    'no-debug': { default: 0 },
    'no-key-sharing': { default: 0 },
    'allow-smt': { default: 1 },
    'kernel-hashes': { default: 0 },
  },
  'pve-qemu-tdx-fmt': {
    type: { enum: ['tdx'] },
    attestation: { default: 1 },
    'vsock-cid': { minimum: 2, default: 2 },
    'vsock-port': { minimum: 0, default: 4050 },
  },
  'pve-qm-hostpci': {
    host: { perlPattern: `(?^:${PCI_ID}(;${PCI_ID})*)` },
    mapping: { format: 'pve-configid' },
    rombar: { default: 1 },
    romfile: { perlPattern: '[^,;]+' },
    pcie: { default: 0 },
    'x-vga': { default: 0 },
    'legacy-igd': { default: 0 },
    mdev: { perlPattern: '[^/\\.:]+' },
    'vendor-id': { perlPattern: HEX_ID },
    'device-id': { perlPattern: HEX_ID },
    'sub-vendor-id': { perlPattern: HEX_ID },
    'sub-device-id': { perlPattern: HEX_ID },
  },
  'prune-backups': {
    'keep-last': { type: 'integer', minimum: 0 },
    'keep-hourly': { type: 'integer', minimum: 0 },
    'keep-daily': { type: 'integer', minimum: 0 },
    'keep-weekly': { type: 'integer', minimum: 0 },
    'keep-monthly': { type: 'integer', minimum: 0 },
    'keep-yearly': { type: 'integer', minimum: 0 },
  },
  'backup-performance': {
    'max-workers': { minimum: 1, maximum: 256, default: 16 },
    'pbs-entries-max': { minimum: 1, default: 1048576 },
  },
  'backup-fleecing': {
    enabled: { default: 0 },
    storage: { format: 'pve-storage-id' },
  },
  'pve-tfa-config': {
    type: { enum: ['yubico', 'oath'] },
    digits: { type: 'integer', minimum: 6, maximum: 8, default: 6 },
    step: { type: 'integer', minimum: 10, default: 30 },
  },
  'realm-sync-options': {
    'remove-vanished': {
      perlPattern: '(?:(?:(?:acl|properties|entry);)*(?:acl|properties|entry))|none',
      default: 'none',
    },
    'enable-new': { default: 1 },
  },
};
