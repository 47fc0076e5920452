import { type Cluster, randomHex } from './context.js';
import { paramError } from './errors.js';
import { isCdrom, isDiskKey, printDrive, printNet, readDrive, readNet } from './propstring.js';
import { formatSize, parseSize } from './sizes.js';
import { allocVolume, findVolume } from './storage.js';
import type { GuestConfig, GuestState, GuestType } from './types.js';

const GIB = 1024 ** 3;
/** The allocation form `STORAGE:SIZE_IN_GiB` (qemu-server Drive.pm `NEW_DISK_RE`). */
const NEW_DISK = /^(?:([^/:\s]+):)?(\d+(?:\.\d+)?)$/;
const CLOUDINIT = /^([^/:\s]+):cloudinit$/;
const CLOUDINIT_SIZE = 4 * 1024 ** 2;

/**
 * Turn a disk value from the API into the value stored in the config: allocate `STORAGE:SIZE`
 * and `STORAGE:cloudinit` volumes, check that a named volume exists, and add `size=`.
 */
export function resolveDisk(
  cluster: Cluster,
  guest: GuestState,
  key: string,
  value: string,
): string {
  const { type } = guest;
  const drive = readDrive(type, key, value);
  const { volume, options } = drive;
  if (isCdrom(type, key, value)) {
    if (volume !== 'none' && volume !== 'cdrom') findVolume(cluster, guest.node, volume);
    return printDrive(type, key, drive);
  }
  const request = { node: guest.node, vmid: guest.vmid, type };

  const cloudinit = CLOUDINIT.exec(volume);
  if (type === 'qemu' && cloudinit?.[1]) {
    const name = `vm-${guest.vmid}-cloudinit`;
    const size = CLOUDINIT_SIZE;
    const volid = allocVolume(cluster, { ...request, storeid: cloudinit[1], size, name });
    return printDrive(type, key, { volume: volid, options: { ...options, media: 'cdrom' } });
  }

  const fresh = NEW_DISK.exec(volume);
  if (fresh) {
    if (!fresh[1]) throw paramError({ [key]: `no storage ID specified for new disk '${key}'` });
    const size = Math.round(Number(fresh[2]) * GIB);
    const volid = allocVolume(cluster, { ...request, storeid: fresh[1], size });
    return printDrive(type, key, {
      volume: volid,
      options: { ...options, size: formatSize(size) },
    });
  }

  const existing = findVolume(cluster, guest.node, volume);
  options.size ??= formatSize(existing.size);
  return printDrive(type, key, drive);
}

/** The volume a disk value refers to, unless it is a CD-ROM, `none` or a passthrough. */
export function diskVolid(guest: GuestState, key: string, value: string): string | undefined {
  if (key.startsWith('unused')) return value;
  if (!isDiskKey(guest.type, key)) return undefined;
  const { volume } = readDrive(guest.type, key, value);
  if (isCdrom(guest.type, key, value) && !volume.includes('cloudinit')) return undefined;
  return volume.includes(':') ? volume : undefined;
}

/** Every volume the config (current, pending and snapshots) refers to. */
export function guestVolids(guest: GuestState): string[] {
  const volids = new Set<string>();
  const collect = (config: GuestConfig) => {
    for (const [key, value] of Object.entries(config)) {
      const volid = key === 'vmstate' ? value : diskVolid(guest, key, value);
      if (volid) volids.add(volid);
    }
  };
  collect(guest.config);
  collect(guest.pending);
  for (const snapshot of Object.values(guest.snapshots)) collect(snapshot);
  return [...volids];
}

/** Park a detached volume under the lowest free `unusedN` key. */
export function addUnused(guest: GuestState, volid: string): string {
  for (let n = 0; ; n++) {
    const key = `unused${n}`;
    if (guest.config[key] === undefined) {
      guest.config[key] = volid;
      return key;
    }
  }
}

export function diskSize(type: GuestType, key: string, value: string): number | undefined {
  const size = readDrive(type, key, value).options.size;
  return size === undefined ? undefined : parseSize(String(size));
}

export function withDiskSize(type: GuestType, key: string, value: string, bytes: number): string {
  const drive = readDrive(type, key, value);
  drive.options.size = formatSize(bytes);
  return printDrive(type, key, drive);
}

export function withDiskVolume(type: GuestType, key: string, value: string, volid: string): string {
  return printDrive(type, key, { ...readDrive(type, key, value), volume: volid });
}

/** A MAC address under the datacenter's `mac_prefix` (Proxmox's OUI `BC:24:11` by default). */
export function randomMac(cluster: Cluster): string {
  const tail = randomHex(cluster.random, 6).toUpperCase().match(/../g) ?? [];
  return [cluster.state.options.macPrefix, ...tail].join(':');
}

/**
 * A NIC value in canonical form with a MAC: QEMU prints `model=mac` as `virtio=BC:24:11:…`;
 * LXC keeps `name=` first and fills in `hwaddr=`.
 */
export function resolveNet(cluster: Cluster, guest: GuestState, value: string): string {
  const nic = readNet(guest.type, value);
  if (guest.type === 'lxc') {
    nic.hwaddr ??= randomMac(cluster);
    // pve-container's parse_lxc_network always sets the only type it knows.
    nic.type = 'veth';
  } else nic.macaddr ??= randomMac(cluster);
  return printNet(guest.type, nic);
}

/** The same NIC with a newly drawn MAC (clones must not share MACs on a bridge). */
export function withFreshMac(cluster: Cluster, guest: GuestState, value: string): string {
  const nic = readNet(guest.type, value);
  delete nic.hwaddr;
  delete nic.macaddr;
  return resolveNet(cluster, guest, printNet(guest.type, nic));
}
