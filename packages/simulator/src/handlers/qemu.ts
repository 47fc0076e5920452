import { param } from '../router/validate.js';
import { createQemu } from '../state/cluster/index.js';
import { qemuExtraRoutes } from './guest-agent.js';
import { SKIPLOCK } from './guest-common.js';
import { guestRoutes } from './guests.js';

const OPTIONAL_BOOLEAN = param.boolean({ optional: true });
const TIMEOUT = param.integer({ optional: true, minimum: 0 });

// The QEMU family as the 9.1 schema defines it (qemu-server API2/Qemu.pm).
export const qemuRoutes = [
  ...guestRoutes({
    type: 'qemu',
    taskPrefix: 'qm',
    create: createQemu,
    configPrivileges: [
      'VM.Config.Disk',
      'VM.Config.CDROM',
      'VM.Config.CPU',
      'VM.Config.Memory',
      'VM.Config.Network',
      'VM.Config.HWType',
      'VM.Config.Options',
      'VM.Config.Cloudinit',
    ],
    asyncConfig: true,
    power: {
      start: {
        skiplock: SKIPLOCK,
        'force-cpu': param.string({ optional: true }),
        machine: param.string({ optional: true }),
        migratedfrom: param.string({ optional: true, format: 'pve-node' }),
        migration_network: param.string({ optional: true, format: 'CIDR' }),
        migration_type: param.string({ optional: true, enum: ['secure', 'insecure'] }),
        'nets-host-mtu': param.string({ optional: true }),
        stateuri: param.string({ optional: true, maxLength: 128 }),
        targetstorage: param.string({ optional: true, format: 'storage-pair-list' }),
        timeout: TIMEOUT,
        'with-conntrack-state': OPTIONAL_BOOLEAN,
      },
      stop: {
        skiplock: SKIPLOCK,
        keepActive: OPTIONAL_BOOLEAN,
        migratedfrom: param.string({ optional: true, format: 'pve-node' }),
        'overrule-shutdown': OPTIONAL_BOOLEAN,
        timeout: TIMEOUT,
      },
      shutdown: {
        skiplock: SKIPLOCK,
        forceStop: OPTIONAL_BOOLEAN,
        keepActive: OPTIONAL_BOOLEAN,
        timeout: TIMEOUT,
      },
      reboot: { timeout: TIMEOUT },
      suspend: {
        skiplock: SKIPLOCK,
        statestorage: param.string({
          optional: true,
          format: 'pve-storage-id',
          requires: 'todisk',
        }),
        todisk: OPTIONAL_BOOLEAN,
      },
      resume: { skiplock: SKIPLOCK, nocheck: OPTIONAL_BOOLEAN },
      reset: { skiplock: SKIPLOCK },
    },
    destroyParams: {
      skiplock: SKIPLOCK,
      purge: OPTIONAL_BOOLEAN,
      'destroy-unreferenced-disks': OPTIONAL_BOOLEAN,
    },
  }),
  ...qemuExtraRoutes,
];
