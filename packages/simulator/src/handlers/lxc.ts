import { createLxc } from '../state/cluster/index.js';
import { guestRoutes } from './guests.js';

// The LXC family (pve-container API2/LXC.pm). Containers have no reset and no asynchronous
// config update.
export const lxcRoutes = guestRoutes({
  type: 'lxc',
  taskPrefix: 'vz',
  create: createLxc,
  powerActions: ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'],
  asyncConfig: false,
});
