import { type Cluster, randomHex } from './context.js';
import { paramError } from './errors.js';
import { driveVolume, isCdrom, isDiskKey, joinProperty, splitProperty } from './propstring.js';
import { formatSize, parseSize } from './sizes.js';
import { allocVolume, findVolume } from './storage.js';
import type { GuestConfig, GuestState } from './types.js';

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
  if (guest.type === 'qemu' && isCdrom(value)) {
    const { volume, keys } = driveVolume(value);
    if (volume !== 'none' && volume !== 'cdrom') findVolume(cluster, guest.node, volume);
    return joinProperty(volume, keys);
  }
  const { volume, keys } = driveVolume(value);
  const request = { node: guest.node, vmid: guest.vmid, type: guest.type };

  const cloudinit = CLOUDINIT.exec(volume);
  if (guest.type === 'qemu' && cloudinit?.[1]) {
    const name = `vm-${guest.vmid}-cloudinit`;
    const size = CLOUDINIT_SIZE;
    const volid = allocVolume(cluster, { ...request, storeid: cloudinit[1], size, name });
    keys.set('media', 'cdrom');
    return joinProperty(volid, keys);
  }

  const fresh = NEW_DISK.exec(volume);
  if (fresh) {
    if (!fresh[1]) throw paramError({ [key]: `no storage ID specified for new disk '${key}'` });
    const size = Math.round(Number(fresh[2]) * GIB);
    const volid = allocVolume(cluster, { ...request, storeid: fresh[1], size });
    keys.set('size', formatSize(size));
    return joinProperty(volid, keys);
  }

  const existing = findVolume(cluster, guest.node, volume);
  if (!keys.has('size')) keys.set('size', formatSize(existing.size));
  return joinProperty(volume, keys);
}

/** The volume a disk value refers to, unless it is a CD-ROM, `none` or a passthrough. */
export function diskVolid(guest: GuestState, key: string, value: string): string | undefined {
  if (key.startsWith('unused')) return value;
  if (!isDiskKey(guest.type, key)) return undefined;
  if (guest.type === 'qemu' && isCdrom(value) && !value.includes('cloudinit')) return undefined;
  const { volume } = driveVolume(value);
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

export function diskSize(value: string): number | undefined {
  const size = splitProperty(value).keys.get('size');
  return size === undefined ? undefined : parseSize(size);
}

export function withDiskSize(value: string, bytes: number): string {
  const { volume, keys } = driveVolume(value);
  keys.set('size', formatSize(bytes));
  return joinProperty(volume, keys);
}

export function withDiskVolume(value: string, volid: string): string {
  const { keys } = driveVolume(value);
  return joinProperty(volid, keys);
}

/** A MAC address under the datacenter's `mac_prefix` (Proxmox's OUI `BC:24:11` by default). */
export function randomMac(cluster: Cluster): string {
  const tail = randomHex(cluster.random, 6).toUpperCase().match(/../g) ?? [];
  return [cluster.state.options.macPrefix, ...tail].join(':');
}

const QEMU_NIC_MODELS = ['e1000', 'e1000e', 'virtio', 'vmxnet3', 'rtl8139', 'ne2k_pci', 'i82551'];

/**
 * A NIC value in canonical form with a MAC: QEMU prints `model=mac` as `virtio=BC:24:11:…`;
 * LXC keeps `name=` first (the required key) and fills in `hwaddr=`.
 */
export function resolveNet(cluster: Cluster, guest: GuestState, value: string): string {
  const { head, keys } = splitProperty(value);
  if (guest.type === 'lxc') {
    const name = keys.get('name') ?? head ?? 'eth0';
    keys.delete('name');
    if (!keys.has('hwaddr')) keys.set('hwaddr', randomMac(cluster));
    // pve-container's parse_lxc_network always sets the only type it knows.
    keys.set('type', 'veth');
    return joinProperty(`name=${name}`, keys);
  }
  let model = keys.get('model') ?? head;
  let mac = keys.get('macaddr');
  for (const candidate of QEMU_NIC_MODELS) {
    const aliased = keys.get(candidate);
    if (aliased !== undefined) {
      model = candidate;
      mac = aliased;
      keys.delete(candidate);
    }
  }
  keys.delete('model');
  keys.delete('macaddr');
  return joinProperty(`${model ?? 'virtio'}=${mac ?? randomMac(cluster)}`, keys);
}

/** The same NIC with a newly drawn MAC (clones must not share MACs on a bridge). */
export function withFreshMac(cluster: Cluster, guest: GuestState, value: string): string {
  const { head, keys } = splitProperty(value);
  keys.delete('hwaddr');
  keys.delete('macaddr');
  for (const model of QEMU_NIC_MODELS) {
    if (keys.delete(model)) keys.set('model', model);
  }
  return resolveNet(cluster, guest, joinProperty(head, keys));
}
