export type { Authentication } from './auth/authenticate.js';
export { coverage, coverageMarkdown } from './coverage.js';
export { SimulatorError } from './errors.js';
export type { ActiveFault, FaultKind, FaultSpec } from './faults/faults.js';
export type { PathPattern } from './faults/glob.js';
export { FAULT_GRAMMAR, parseFault } from './faults/parse.js';
export { DRIFT_FIELDS } from './faults/spec.js';
export type { SimulatorAccess } from './fixtures/access.js';
export { SEED_NAMES, type SeedName } from './fixtures/seed.js';
export type { SimulatorTasks, TaskSpec } from './fixtures/tasks.js';
export { REALISTIC_TASK_MS } from './handlers/guest-tasks.js';
export type { FetchLike } from './server/fetch.js';
export type { ListenOptions, SimulatorListener } from './server/listener.js';
export type { RecordedRequest, SimOutcome, SimRequest, SimResponse } from './server/wire.js';
export {
  createSimulator,
  type Simulator,
  type SimulatorOptions,
} from './simulator.js';
export {
  isLoopbackHost,
  type RunningSimulator,
  type StartOptions,
  startSimulator,
} from './start.js';
export type { AclChange } from './state/access.js';
export type { NewToken, NewUser } from './state/users.js';
export { ManualClock as ManualTaskClock, type TaskClock } from './tasks/clock.js';
export type { TaskStatus } from './tasks/status.js';
