/**
 * The error the simulator's own API throws for bad input from its user (options, fixtures).
 * `code` is stable and safe to switch on; the message names what was wrong and the fix.
 */
export class SimulatorError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'SimulatorError';
    this.code = code;
  }
}
