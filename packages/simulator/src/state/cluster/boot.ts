import { isCdrom } from './propstring.js';
import type { GuestConfig } from './types.js';

/** The bus order qemu-server walks to find a VM's first disk (Drive.pm `resolve_first_disk`). */
const BUSES = ['ide', 'sata', 'scsi', 'virtio'];
const MAX_INDEX = 31;

function firstDrive(config: GuestConfig, cdrom: boolean): string | undefined {
  for (const bus of BUSES) {
    for (let index = 0; index <= MAX_INDEX; index++) {
      const key = `${bus}${index}`;
      const value = config[key];
      if (value === undefined || value.includes('cloudinit')) continue;
      if (isCdrom('qemu', key, value) === cdrom) return key;
    }
  }
  return undefined;
}

/**
 * The `boot: order=…` a new VM gets when the create call names none: first disk, first
 * CD-ROM, first NIC (qemu-server `get_default_bootdevices`).
 */
export function defaultBootOrder(config: GuestConfig): string {
  const disk = firstDrive(config, false);
  const cdrom = firstDrive(config, true);
  const net = Object.keys(config)
    .filter((key) => /^net\d+$/.test(key))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))[0];
  const devices = [disk, cdrom, net].filter((device) => device !== undefined);
  return `order=${devices.join(';')}`;
}
