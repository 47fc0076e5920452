/**
 * Drive and NIC values of guest configs, read and printed with `pvekit/formats` (the
 * schema's property-string formats): parsing checks keys and values against the format, and
 * printing gives Proxmox's canonical order (the default key first, then the rest sorted).
 */
import {
  formatPropertyString,
  type PropertyFormatId,
  type PropertyValues,
  parsePropertyString,
} from 'pvekit/formats';
import type { GuestType } from './types.js';

const FORMATS: Record<GuestType, readonly (readonly [RegExp, PropertyFormatId])[]> = {
  qemu: [
    [/^ide\d+$/, 'qemu-ide'],
    [/^sata\d+$/, 'qemu-sata'],
    [/^scsi\d+$/, 'qemu-scsi'],
    [/^virtio\d+$/, 'qemu-virtio'],
    [/^efidisk0$/, 'qemu-efidisk0'],
    [/^tpmstate0$/, 'qemu-tpmstate0'],
    [/^net\d+$/, 'qemu-net'],
  ],
  lxc: [
    [/^rootfs$/, 'lxc-rootfs'],
    [/^mp\d+$/, 'lxc-mp'],
    [/^net\d+$/, 'lxc-net'],
  ],
};

function formatOf(type: GuestType, key: string): PropertyFormatId {
  const format = FORMATS[type].find(([pattern]) => pattern.test(key))?.[1];
  if (format === undefined) throw new TypeError(`no property-string format for ${type} '${key}'`);
  return format;
}

/** Config keys that hold a volume of the guest (not `unusedN`). */
export function isDiskKey(type: GuestType, key: string): boolean {
  return !/^net\d+$/.test(key) && FORMATS[type].some(([pattern]) => pattern.test(key));
}

/** A disk value split into its volume (`file` for VMs, `volume` for containers) and options. */
export interface Drive {
  volume: string;
  options: PropertyValues;
}

const volumeKey = (type: GuestType) => (type === 'qemu' ? 'file' : 'volume');

export function readDrive(type: GuestType, key: string, value: string): Drive {
  const { [volumeKey(type)]: volume, ...options } = parsePropertyString(formatOf(type, key), value);
  return { volume: String(volume ?? ''), options };
}

export function printDrive(type: GuestType, key: string, drive: Drive): string {
  const values = { [volumeKey(type)]: drive.volume, ...drive.options };
  return formatPropertyString(formatOf(type, key), values);
}

/** A NIC (`qemu-net` or `lxc-net`) as its keys. */
export function readNet(type: GuestType, value: string): PropertyValues {
  return parsePropertyString(formatOf(type, 'net0'), value);
}

export function printNet(type: GuestType, values: PropertyValues): string {
  return formatPropertyString(formatOf(type, 'net0'), values);
}

/** A VM drive that is a CD-ROM (`media=cdrom`, or the words `cdrom`/`none`). */
export function isCdrom(type: GuestType, key: string, value: string): boolean {
  if (type !== 'qemu') return false;
  const { volume, options } = readDrive(type, key, value);
  return options.media === 'cdrom' || volume === 'cdrom' || volume === 'none';
}
