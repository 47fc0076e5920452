import { createQemu } from '../state/cluster/index.js';
import { qemuExtraRoutes } from './guest-agent.js';
import { guestRoutes } from './guests.js';

// The QEMU family (qemu-server API2/Qemu.pm), plus its guest agent and cloud-init endpoints.
export const qemuRoutes = [
  ...guestRoutes({
    type: 'qemu',
    taskPrefix: 'qm',
    create: createQemu,
    powerActions: ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume', 'reset'],
    asyncConfig: true,
  }),
  ...qemuExtraRoutes,
];
