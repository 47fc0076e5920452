import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkNamedFormat,
  formatSize,
  namedValidators,
  parseSize,
  propertyFormats,
  splitList,
} from '../src/formats/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const namedFile = path.resolve(repoRoot, '../shared/pve-api/named-formats-9.1.json');
const haveShared = existsSync(namedFile);
if (!haveShared) {
  console.log(`named formats: skipping the coverage check, ${namedFile} is absent`);
}

describe('named string formats', () => {
  it.skipIf(!haveShared)('has a validator for every plain named format of the 9.1 schema', () => {
    const named = JSON.parse(readFileSync(namedFile, 'utf8')) as Record<string, unknown>;
    const plain = Object.keys(named).filter((name) => !(name in propertyFormats));
    expect(plain.length).toBeGreaterThan(90);
    const missing = plain.filter(
      (name) => !namedValidators[name] && !namedValidators[name.replace(/-(?:list|opt)$/, '')],
    );
    expect(missing).toEqual([]);
  });

  it('has a validator for every named format a generated property-string key refers to', () => {
    const referenced = new Set<string>();
    for (const spec of Object.values(propertyFormats)) {
      for (const entry of Object.values(spec.keys)) {
        if ('format' in entry && typeof entry.format === 'string') referenced.add(entry.format);
      }
    }
    expect(referenced.size).toBeGreaterThan(20);
    const missing = [...referenced].filter(
      (name) =>
        !(name in propertyFormats) &&
        !namedValidators[name] &&
        !namedValidators[name.replace(/-(?:list|opt)$/, '')],
    );
    expect(missing).toEqual([]);
  });

  it.each<[string, string[], string, string]>([
    ['pve-vmid', ['100', '999999999'], '99', 'value does not look like a valid VM ID'],
    ['pve-node', ['pve1', 'node-a'], 'pve_1', 'value does not look like a valid node name'],
    [
      'pve-storage-id',
      ['local-lvm', 'ceph.pool'],
      '1local',
      "storage ID '1local' contains illegal characters",
    ],
    ['pve-configid', ['net0', 'my_snap'], '0snap', "invalid configuration ID '0snap'"],
    [
      'mac-addr',
      ['BC:24:11:2E:4D:5F', 'bc:24:11:2e:4d:5f'],
      '01:00:5e:00:00:01',
      'value does not look like a valid unicast MAC address',
    ],
    [
      'ipv4',
      ['10.0.0.1', '255.255.255.255'],
      '10.0.0.256',
      'value does not look like a valid IPv4 address',
    ],
    [
      'ipv6',
      ['::1', 'fe80::1', '2001:db8::10.0.0.1', '1:2:3:4:5:6:7:8'],
      '1::2::3',
      'value does not look like a valid IPv6 address',
    ],
    [
      'CIDR',
      ['10.0.0.0/8', 'fd00::/64'],
      '10.0.0.0/4',
      'value does not look like a valid CIDR network',
    ],
    [
      'ipv4mask',
      ['255.255.255.0', '0.0.0.0'],
      '255.0.255.0',
      'value does not look like a valid IP netmask',
    ],
    [
      'pve-ipv4-config',
      ['dhcp', 'manual', '192.168.1.5/24'],
      'auto',
      'value does not look like a valid ipv4 network configuration',
    ],
    [
      'pve-ipv6-config',
      ['auto', 'fd00::5/64'],
      'fd00::5',
      'value does not look like a valid ipv6 network configuration',
    ],
    ['dns-name', ['pve.example.com', 'a'], 'my_host', 'value does not look like a valid DNS name'],
    ['email', ['root@example.com'], 'root@', 'value does not look like a valid email address'],
    [
      'disk-size',
      ['32G', '1024', '1.5T'],
      '32GB',
      'value does not look like a valid disk size: 32GB',
    ],
    [
      'pve-userid',
      ['root@pam', 'joe@pve'],
      'joe',
      "value 'joe' does not look like a valid user name",
    ],
    [
      'pve-tokenid',
      ['root@pam!ci', 'joe@pve'],
      'root@pam!1x',
      "value 'root@pam!1x' does not look like a valid token ID",
    ],
    ['pve-priv', ['VM.Audit', 'Sys.Modify'], 'VM.Monitor', "invalid privilege 'VM.Monitor'"],
    [
      'pve-vlan-id-or-range',
      ['2', '100-200'],
      '200-100',
      "VLAN range must go from lower to higher tag '200-100'",
    ],
    ['pve-tag', ['prod', 'web.1'], 'no/slash', 'invalid characters in tag'],
    [
      'pve-phys-bits',
      ['host', '8', '64'],
      '65',
      "value must be an integer between 8 and 64 or 'host'",
    ],
    [
      'pve-qm-bootdev',
      ['scsi0', 'net31', 'hostpci15'],
      'efidisk0',
      "invalid boot device 'efidisk0'",
    ],
    [
      'pve-volume-id',
      ['local:iso/x.iso', 'local-lvm:vm-100-disk-0'],
      '/tmp/x',
      "unable to parse volume ID '/tmp/x'",
    ],
    ['urlencoded', ['ssh-rsa%20AAAA', ''], 'a b', 'invalid urlencoded string: a b'],
    [
      'pve-volume-id-or-qm-path',
      ['none', 'cdrom', '/dev/sdb', 'local-lvm:32'],
      '32',
      "unable to parse volume ID '32'",
    ],
    ['pve-cpuset', ['0', '0-3,8', '2-2'], '3-1', 'unable to parse cpuset option'],
    [
      'pve-replication-job-id',
      ['100-0'],
      '99-1',
      "invalid replication job id '99-1' (guest IDs < 100 are reseved)",
    ],
  ])('%s accepts %j and refuses %j', (format, valid, invalid, message) => {
    for (const value of valid) expect(checkNamedFormat(format, value)).toBeUndefined();
    expect(checkNamedFormat(format, invalid)).toBe(`${message}\n`);
  });

  it('checks each entry of a -list format, split as Proxmox splits lists', () => {
    expect(splitList('100,101;102 103')).toEqual(['100', '101', '102', '103']);
    expect(checkNamedFormat('pve-vmid-list', '100,101;102')).toBeUndefined();
    expect(checkNamedFormat('pve-vmid-list', '')).toBeUndefined();
    expect(checkNamedFormat('pve-vmid-list', '100,42')).toBe(
      'value does not look like a valid VM ID\n',
    );
  });

  it('checks a -opt format only when it has a value', () => {
    expect(checkNamedFormat('email-opt', '')).toBeUndefined();
    expect(checkNamedFormat('email-opt', 'not-an-email@')).toBe(
      'value does not look like a valid email address\n',
    );
  });
});

describe('disk sizes', () => {
  it('reads units as powers of 1024 and prints the largest exact unit', () => {
    expect(parseSize('32G')).toBe(32 * 1024 ** 3);
    expect(parseSize('1.5K')).toBe(1536);
    expect(parseSize('12')).toBe(12);
    expect(parseSize('12 G')).toBeUndefined();
    expect(formatSize(32 * 1024 ** 3)).toBe('32G');
    expect(formatSize(1536)).toBe('1536');
    expect(formatSize(4 * 1024 ** 4)).toBe('4T');
    expect(formatSize(3 * 1024 ** 2)).toBe('3M');
    // Proxmox's format_size divides zero all the way up.
    expect(formatSize(0)).toBe('0T');
  });
});
