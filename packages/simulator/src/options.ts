import { SimulatorError } from './errors.js';
import { isSeedName, SEED_NAMES } from './fixtures/seed.js';

const KNOWN = [
  'rootPassword',
  'clock',
  'authFailureDelayMs',
  'nodes',
  'taskClock',
  'stateFile',
  'taskDurations',
  'seed',
  'faultSeed',
];

// Options are checked at once so that a typo fails the test that made it, not a later request.
export function validateOptions(options: object): void {
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN.includes(key)) {
      throw new SimulatorError(
        'INVALID_OPTION',
        `unknown simulator option '${key}'; known options: ${KNOWN.join(', ')}`,
      );
    }
  }
  const { rootPassword, clock, authFailureDelayMs, nodes } = record;
  if (
    nodes !== undefined &&
    !(Number.isInteger(nodes) && (nodes as number) >= 1 && (nodes as number) <= 32)
  ) {
    throw new SimulatorError('INVALID_OPTION', 'nodes must be an integer 1-32');
  }
  if (rootPassword !== undefined && (typeof rootPassword !== 'string' || rootPassword === '')) {
    throw new SimulatorError('INVALID_OPTION', 'rootPassword must be a non-empty string');
  }
  if (clock !== undefined && typeof clock !== 'function') {
    throw new SimulatorError(
      'INVALID_OPTION',
      'clock must be a function returning epoch milliseconds',
    );
  }
  checkTaskDurations(record.taskDurations);
  checkFaultOptions(record);
  const delayValid =
    typeof authFailureDelayMs === 'number' &&
    Number.isFinite(authFailureDelayMs) &&
    authFailureDelayMs >= 0;
  if (authFailureDelayMs !== undefined && !delayValid) {
    throw new SimulatorError(
      'INVALID_OPTION',
      'authFailureDelayMs must be a number of milliseconds >= 0',
    );
  }
}

function checkTaskDurations(durations: unknown): void {
  if (durations === undefined || durations === 'realistic') return;
  const valid =
    typeof durations === 'object' &&
    durations !== null &&
    Object.values(durations).every(
      (ms) => typeof ms === 'number' && Number.isFinite(ms) && ms >= 0,
    );
  if (!valid) {
    throw new SimulatorError(
      'INVALID_OPTION',
      "taskDurations must be 'realistic' or milliseconds >= 0 by task type, e.g. { qmclone: 5000 }",
    );
  }
}

function checkFaultOptions(record: Record<string, unknown>): void {
  if (record.seed !== undefined && !isSeedName(record.seed)) {
    throw new SimulatorError(
      'INVALID_OPTION',
      `seed must be one of ${SEED_NAMES.join(', ')}, got '${String(record.seed)}'`,
    );
  }
  const faultSeed = record.faultSeed;
  if (faultSeed !== undefined && !Number.isInteger(faultSeed)) {
    throw new SimulatorError('INVALID_OPTION', 'faultSeed must be an integer');
  }
}
