import { SimulatorError } from './errors.js';

const KNOWN = ['rootPassword', 'clock', 'authFailureDelayMs', 'nodes', 'taskClock', 'stateFile'];

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
