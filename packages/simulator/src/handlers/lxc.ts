import { param } from '../router/validate.js';
import { createLxc } from '../state/cluster/index.js';
import { SKIPLOCK } from './guest-common.js';
import { guestRoutes } from './guests.js';

const OPTIONAL_BOOLEAN = param.boolean({ optional: true });
const TIMEOUT = param.integer({ optional: true, minimum: 0 });

// The LXC family as the 9.1 schema defines it (pve-container API2/LXC.pm). Containers have no
// reset and no asynchronous config update.
export const lxcRoutes = guestRoutes({
  type: 'lxc',
  taskPrefix: 'vz',
  create: createLxc,
  configPrivileges: [
    'VM.Config.Disk',
    'VM.Config.CPU',
    'VM.Config.Memory',
    'VM.Config.Network',
    'VM.Config.Options',
  ],
  asyncConfig: false,
  power: {
    start: { skiplock: SKIPLOCK, debug: OPTIONAL_BOOLEAN },
    stop: { skiplock: SKIPLOCK, 'overrule-shutdown': OPTIONAL_BOOLEAN },
    shutdown: { forceStop: OPTIONAL_BOOLEAN, timeout: TIMEOUT },
    reboot: { timeout: TIMEOUT },
    suspend: {},
    resume: {},
  },
  // Limitation: `force` (destroy a running container) is accepted but not honoured.
  destroyParams: {
    force: OPTIONAL_BOOLEAN,
    purge: OPTIONAL_BOOLEAN,
    'destroy-unreferenced-disks': OPTIONAL_BOOLEAN,
  },
});
