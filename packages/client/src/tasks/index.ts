export { ProxmoxTaskError, ProxmoxTaskTimeoutError, ProxmoxUpidError } from './errors.js';
export { STARTUP_GRACE_MS, Tasks } from './tasks.js';
export type {
  TaskListEntry,
  TaskListFilters,
  TaskLogLine,
  TaskLogOptions,
  TaskResult,
  TaskStatus,
  TaskWaitOptions,
} from './types.js';
export { parseUpid, type Upid } from './upid.js';
