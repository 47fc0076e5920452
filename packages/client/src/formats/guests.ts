/**
 * Typed views of the property strings in VM (`qm.conf`) and container (`pct.conf`) configs.
 * `qemu.net.parse('virtio=BC:24:11:2E:4D:5F,bridge=vmbr0,firewall=1')` gives
 * `{ model: 'virtio', macaddr: 'BC:24:11:2E:4D:5F', bridge: 'vmbr0', firewall: true }`.
 */
import { PropertyStringError } from './errors.js';
import { type FormatValues, typedFormat } from './typed.js';

export type QemuNet = FormatValues<'qemu-net'>;
export type QemuIde = FormatValues<'qemu-ide'>;
export type QemuSata = FormatValues<'qemu-sata'>;
export type QemuScsi = FormatValues<'qemu-scsi'>;
export type QemuVirtio = FormatValues<'qemu-virtio'>;
export type QemuEfiDisk = FormatValues<'qemu-efidisk0'>;
export type QemuTpmState = FormatValues<'qemu-tpmstate0'>;
export type QemuIpConfig = FormatValues<'pve-qm-ipconfig'>;
export type QemuCpu = FormatValues<'pve-vm-cpu-conf'>;
export type QemuBoot = FormatValues<'pve-qm-boot'>;
export type QemuAgent = FormatValues<'qemu-agent'>;
export type QemuHostPci = FormatValues<'pve-qm-hostpci'>;
export type QemuUsb = FormatValues<'qemu-usb'>;
export type LxcRootfs = FormatValues<'lxc-rootfs'>;
export type LxcMountPoint = FormatValues<'lxc-mp'>;
export type LxcNet = FormatValues<'lxc-net'>;
export type LxcFeatures = FormatValues<'lxc-features'>;

/**
 * `serialN` is no property string: it is a host device path or the word `socket`
 * (qemu-server pattern `(/dev/.+|socket)`).
 */
export type QemuSerial = 'socket' | `/dev/${string}`;

const SERIAL = /^(?:\/dev\/.+|socket)$/;

function checkSerial(text: string, path = ''): QemuSerial {
  if (!SERIAL.test(text)) {
    throw new PropertyStringError(
      'pattern',
      undefined,
      { [path || '_root']: 'value does not match the regex pattern' },
      "a serial port is 'socket' or a host device such as /dev/ttyS0",
    );
  }
  return text as QemuSerial;
}

/** `STORAGE:SIZE`: a new volume of SIZE GiB on STORAGE, as drives accept on create. */
export interface DiskAllocation {
  readonly storage: string | undefined;
  readonly sizeGiB: number;
}

/** qemu-server `Drive.pm`: `^(([^/:\s]+):)?(\d+(\.\d+)?)$`. */
const ALLOCATION = /^(?:([^/:\s]+):)?(\d+(?:\.\d+)?)$/;

export const diskAllocation = {
  /** `local-lvm:32` → `{ storage: 'local-lvm', sizeGiB: 32 }`; `undefined` for a volume. */
  parse(file: string): DiskAllocation | undefined {
    const match = ALLOCATION.exec(file);
    if (!match?.[2]) return undefined;
    return { storage: match[1], sizeGiB: Number(match[2]) };
  },
  format({ storage, sizeGiB }: DiskAllocation): string {
    if (!Number.isFinite(sizeGiB) || sizeGiB < 0) {
      throw new PropertyStringError(
        'range',
        'file',
        { file: `invalid allocation size ${sizeGiB}` },
        'give the size in GiB as a non-negative number, e.g. 32 (0 with import-from)',
      );
    }
    return storage === undefined ? String(sizeGiB) : `${storage}:${sizeGiB}`;
  },
};

export const qemu = {
  net: typedFormat('qemu-net'),
  ide: typedFormat('qemu-ide'),
  sata: typedFormat('qemu-sata'),
  scsi: typedFormat('qemu-scsi'),
  virtio: typedFormat('qemu-virtio'),
  efidisk0: typedFormat('qemu-efidisk0'),
  tpmstate0: typedFormat('qemu-tpmstate0'),
  ipconfig: typedFormat('pve-qm-ipconfig'),
  cpu: typedFormat('pve-vm-cpu-conf'),
  boot: typedFormat('pve-qm-boot'),
  agent: typedFormat('qemu-agent'),
  hostpci: typedFormat('pve-qm-hostpci'),
  usb: typedFormat('qemu-usb'),
  serial: {
    parse: (text: string, path?: string): QemuSerial => checkSerial(text, path),
    format: (value: QemuSerial, path?: string): string => checkSerial(value, path),
  },
} as const;

export const lxc = {
  rootfs: typedFormat('lxc-rootfs'),
  mp: typedFormat('lxc-mp'),
  net: typedFormat('lxc-net'),
  features: typedFormat('lxc-features'),
} as const;
