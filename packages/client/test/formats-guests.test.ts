import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  decodeSshKeys,
  diskAllocation,
  encodeSshKeys,
  formatPropertyString,
  type LxcMountPoint,
  lxc,
  PropertyStringError,
  parsePropertyString,
  type QemuNet,
  qemu,
} from '../src/formats/index.js';

/** Values as they appear in real `qm config` / `pct config` output. */
const ROUND_TRIPS: ReadonlyArray<[keyof typeof qemu | `lxc.${keyof typeof lxc}`, string]> = [
  ['net', 'virtio=BC:24:11:2E:4D:5F,bridge=vmbr0,firewall=1'],
  ['net', 'e1000=bc:24:11:aa:bb:cc,bridge=vmbr1,link_down=1,mtu=1500,queues=4,rate=12.5,tag=42'],
  ['net', 'vmxnet3=BC:24:11:00:00:01,bridge=vmbr0,trunks=10;20-30'],
  ['scsi', 'local-lvm:vm-100-disk-0,iothread=1,size=32G'],
  ['scsi', 'local-lvm:vm-100-disk-1,cache=writeback,discard=on,size=100G,ssd=1'],
  ['ide', 'local:iso/debian-12.iso,media=cdrom,size=628M'],
  ['ide', 'none,media=cdrom'],
  ['sata', 'local-zfs:vm-101-disk-0,backup=0,size=8G'],
  ['virtio', 'ceph:vm-102-disk-0,aio=native,iothread=1,size=64G'],
  ['efidisk0', 'local-lvm:vm-100-disk-2,efitype=4m,pre-enrolled-keys=1,size=4M'],
  ['tpmstate0', 'local-lvm:vm-100-disk-3,size=4M,version=v2.0'],
  ['ipconfig', 'gw=10.0.0.1,ip=10.0.0.5/24'],
  ['ipconfig', 'ip=dhcp,ip6=auto'],
  ['cpu', 'host,flags=+aes;-pcid,hidden=1'],
  ['boot', 'order=scsi0;ide2;net0'],
  ['agent', '1,fstrim_cloned_disks=1'],
  ['hostpci', '0000:01:00.0,pcie=1,x-vga=1'],
  ['hostpci', 'mapping=gpu0,rombar=0'],
  ['usb', '1234:5678,usb3=1'],
  ['usb', 'mapping=stick,usb3=0'],
  ['lxc.rootfs', 'local-lvm:vm-101-disk-0,size=8G'],
  ['lxc.mp', 'local-lvm:vm-101-disk-1,mp=/data,backup=1,size=10G'],
  ['lxc.mp', '/srv/share,mp=/mnt/share,ro=1'],
  ['lxc.net', 'name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:5A:6B:7C,ip=dhcp,type=veth'],
  ['lxc.features', 'keyctl=1,nesting=1'],
];

function codec(name: (typeof ROUND_TRIPS)[number][0]) {
  return name.startsWith('lxc.') ? lxc[name.slice(4) as keyof typeof lxc] : qemu[name as 'net'];
}

describe('typed guest formats', () => {
  it.each(ROUND_TRIPS)('%s: %s prints back unchanged', (name, text) => {
    const format = codec(name);
    const value = format.parse(text);
    expect(format.format(value as never)).toBe(text);
  });

  it('reads a VM NIC into named, typed fields', () => {
    expect(qemu.net.parse('virtio=BC:24:11:2E:4D:5F,bridge=vmbr0,firewall=1')).toEqual({
      model: 'virtio',
      macaddr: 'BC:24:11:2E:4D:5F',
      bridge: 'vmbr0',
      firewall: true,
    });
  });

  it('writes the NIC model bare with the MAC (alias form), in Proxmox order', () => {
    const text = qemu.net.format({ tag: 5, firewall: false, bridge: 'vmbr0', model: 'virtio' });
    expect(text).toBe('virtio,bridge=vmbr0,firewall=0,tag=5');
    const withMac = qemu.net.format({
      bridge: 'vmbr0',
      macaddr: 'aa:bb:cc:dd:ee:ff',
      model: 'e1000',
    });
    expect(withMac).toBe('e1000=aa:bb:cc:dd:ee:ff,bridge=vmbr0');
  });

  it('keeps the case of a MAC address', () => {
    expect(qemu.net.parse('virtio=bc:24:11:2e:4d:5f').macaddr).toBe('bc:24:11:2e:4d:5f');
  });

  it('accepts every boolean spelling Proxmox accepts and prints 1/0', () => {
    for (const [spelling, expected] of [
      ['on', true],
      ['YES', true],
      ['true', true],
      ['off', false],
      ['no', false],
      ['False', false],
    ] as const) {
      const net = qemu.net.parse(`virtio,firewall=${spelling}`);
      expect(net.firewall).toBe(expected);
      expect(qemu.net.format(net)).toBe(`virtio,firewall=${expected ? 1 : 0}`);
    }
  });

  it('reads the drive file through its alias and the default key', () => {
    const keyed = qemu.scsi.parse('volume=local-lvm:vm-100-disk-0,size=32G');
    expect(keyed.file).toBe('local-lvm:vm-100-disk-0');
    expect(qemu.scsi.format(keyed)).toBe('local-lvm:vm-100-disk-0,size=32G');
  });

  it('keeps sizes as text and prints byte counts with the largest exact unit', () => {
    expect(qemu.scsi.parse('local-lvm:vm-100-disk-0,size=32G').size).toBe('32G');
    const text = formatPropertyString('qemu-scsi', { file: 'local-lvm:32', size: 34359738368 });
    expect(text).toBe('local-lvm:32,size=32G');
  });

  it('understands the STORAGE:SIZE allocation form of a new drive', () => {
    const drive = qemu.scsi.parse('local-lvm:32,discard=on');
    expect(diskAllocation.parse(drive.file)).toEqual({ storage: 'local-lvm', sizeGiB: 32 });
    expect(diskAllocation.parse('local-lvm:vm-100-disk-0')).toBeUndefined();
    expect(diskAllocation.format({ storage: 'local-zfs', sizeGiB: 0 })).toBe('local-zfs:0');
    const imported = { file: diskAllocation.format({ storage: 'local-lvm', sizeGiB: 0 }) };
    expect(qemu.scsi.format({ ...imported, 'import-from': 'local:import/disk.qcow2' })).toBe(
      'local-lvm:0,import-from=local:import/disk.qcow2',
    );
  });

  it('treats serialN as a device path or socket, not a property string', () => {
    expect(qemu.serial.parse('socket')).toBe('socket');
    expect(qemu.serial.parse('/dev/ttyS0')).toBe('/dev/ttyS0');
    expect(() => qemu.serial.parse('tcp:1234', 'serial0')).toThrow(
      /serial0: value does not match the regex pattern/,
    );
  });

  it('writes LXC required keys right after the default key', () => {
    const text = lxc.mp.format({ size: '10G', backup: true, mp: '/data', volume: 'local:1' });
    expect(text).toBe('local:1,mp=/data,backup=1,size=10G');
    expect(lxc.net.format({ ip: 'dhcp', bridge: 'vmbr0', name: 'eth0' })).toBe(
      'name=eth0,bridge=vmbr0,ip=dhcp',
    );
  });
});

describe('types derived from the specs', () => {
  it('types keys by the schema: enums, booleans, numbers, required and optional', () => {
    expectTypeOf<QemuNet['model']>().toEqualTypeOf<
      | 'e1000'
      | 'e1000-82540em'
      | 'e1000-82544gc'
      | 'e1000-82545em'
      | 'e1000e'
      | 'i82551'
      | 'i82557b'
      | 'i82559er'
      | 'ne2k_isa'
      | 'ne2k_pci'
      | 'pcnet'
      | 'rtl8139'
      | 'virtio'
      | 'vmxnet3'
    >();
    expectTypeOf<QemuNet['firewall']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<QemuNet['tag']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<LxcMountPoint['mp']>().toEqualTypeOf<string>();
    expectTypeOf<LxcMountPoint>().not.toHaveProperty('file');
    expectTypeOf<QemuNet>().not.toHaveProperty('virtio');
    // @ts-expect-error: rtl8029 is no model Proxmox knows
    const wrong: QemuNet = { model: 'rtl8029' };
    expect(() => qemu.net.format(wrong)).toThrow(PropertyStringError);
  });
});

describe('invalid property strings', () => {
  const cases: ReadonlyArray<[string, string, string, string | undefined, string, string]> = [
    [
      'qemu-net',
      'virtio,colour=red',
      'net0',
      'colour',
      'unknown-key',
      'invalid key in comma-separated list property: colour',
    ],
    [
      'qemu-net',
      'virtio,bridge=a,bridge=b',
      'net0',
      'bridge',
      'duplicate-key',
      'duplicate key in comma-separated list property: bridge',
    ],
    [
      'qemu-net',
      'virtio,e1000',
      'net0',
      'model',
      'duplicate-key',
      'duplicate key in comma-separated list property: model',
    ],
    [
      'qemu-net',
      'virtio,bridge=',
      'net0',
      undefined,
      'syntax',
      'missing key in comma-separated list property',
    ],
    [
      'lxc-net',
      'eth0',
      'net0',
      undefined,
      'syntax',
      'value without key, but schema does not define a default key',
    ],
    [
      'qemu-net',
      'bridge=vmbr0',
      'net0',
      'model',
      'missing-key',
      'property is missing and it is not optional',
    ],
    [
      'qemu-net',
      'model=rtl8029',
      'net0',
      'model',
      'enum',
      "value 'rtl8029' does not have a value in the enumeration",
    ],
    [
      'qemu-net',
      'virtio,tag=9999',
      'net0',
      'tag',
      'range',
      'value must have a maximum value of 4094',
    ],
    [
      'qemu-net',
      'virtio,mtu=abc',
      'net0',
      'mtu',
      'type',
      "type check ('integer') failed - got 'abc'",
    ],
    [
      'qemu-net',
      'virtio,firewall=maybe',
      'net0',
      'firewall',
      'type',
      "type check ('boolean') failed - got 'maybe'",
    ],
    [
      'qemu-net',
      'virtio=01:00:00:00:00:01',
      'net0',
      'macaddr',
      'format',
      'invalid format - value does not look like a valid unicast MAC address',
    ],
    [
      'qemu-net',
      'virtio,trunks=10,20',
      'net0',
      'model',
      'duplicate-key',
      'duplicate key in comma-separated list property: model',
    ],
    ['lxc-net', 'name=eth 0', 'net0', 'name', 'pattern', 'value does not match the regex pattern'],
    [
      'pve-qm-ipconfig',
      'gw=10.0.0.1',
      'ipconfig0',
      'ip',
      'requires',
      "missing property - 'ipconfig0.gw' requires this property",
    ],
    [
      'qemu-scsi',
      'local-lvm:1,size=lots',
      'scsi0',
      'size',
      'format',
      'value does not look like a valid disk size: lots',
    ],
  ];

  it.each(cases)('%s %j → %s', (format, text, path, key, rule, message) => {
    let error: unknown;
    try {
      parsePropertyString(format, text, path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PropertyStringError);
    const failure = error as PropertyStringError;
    expect(failure.rule).toBe(rule);
    expect(failure.key).toBe(key);
    expect(failure.code).toBe('invalid_property_string');
    // What the parser dies on is reported under the parameter; checks of values under its key.
    const diesInParser = ['unknown-key', 'duplicate-key', 'syntax'].includes(rule);
    const where = diesInParser ? path : `${path}.${key}`;
    expect(failure.errors[where]).toContain(message);
    expect(failure.message).toContain(message);
  });

  it('words an error without a parameter name as the bare Proxmox message', () => {
    expect(() => qemu.net.parse('virtio,colour=red')).toThrow(
      /^invalid key in comma-separated list property: colour \(the keys/,
    );
  });

  it('names the known keys when a key is unknown', () => {
    expect(() => qemu.net.parse('virtio,colour=red')).toThrow(
      /keys of qemu-net are: model, bridge/,
    );
  });

  it('refuses to print values a property string cannot carry', () => {
    expect(() => formatPropertyString('pve-tfa-config', { type: 'oath', id: 'a,b' })).toThrow(
      /illegal value with commas for id/,
    );
    // Values are checked before they are printed, as in print_property_string.
    expect(() => qemu.net.format({ model: 'virtio', trunks: '10,20' })).toThrow(
      /trunks: value does not match the regex pattern/,
    );
    expect(() => formatPropertyString('pve-tfa-config', { type: 'oath', id: '' })).toThrow(
      /empty value for id/,
    );
    expect(() => formatPropertyString('qemu-net', { model: 'virtio', colour: 'red' })).toThrow(
      PropertyStringError,
    );
    expect(() => formatPropertyString('no-such-format', {})).toThrow(/unknown format/);
  });

  it('runs the checks a named format adds on top of its keys, both ways', () => {
    const conflict = /keep-all cannot be set together with other options/;
    expect(() => parsePropertyString('prune-backups', 'keep-all=1,keep-last=3')).toThrow(conflict);
    const values = { 'keep-all': true, 'keep-daily': 7 };
    expect(() => formatPropertyString('prune-backups', values)).toThrow(conflict);
    expect(formatPropertyString('prune-backups', { 'keep-all': false, 'keep-daily': 7 })).toBe(
      'keep-all=0,keep-daily=7',
    );
  });
});

describe('sshkeys', () => {
  const keys = [
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO3Q+Wv/x= alice@laptop',
    "ssh-rsa AAAAB3NzaC1yc2E=+/ bob's key (work)",
  ];

  it('encodes to the urlencoded alphabet Proxmox checks and decodes back', () => {
    const encoded = encodeSshKeys(keys);
    expect(encoded).toMatch(/^[-%a-zA-Z0-9_.!~*'()]*$/);
    expect(encoded).toContain('%20');
    expect(encoded).toContain('%0A');
    expect(encoded).toContain('%2B');
    expect(encoded).toContain('%2F');
    expect(decodeSshKeys(encoded)).toEqual(keys);
  });

  it('says what is wrong with a broken encoding', () => {
    expect(() => decodeSshKeys('ssh-rsa%2')).toThrow(/invalid urlencoded string/);
  });
});
