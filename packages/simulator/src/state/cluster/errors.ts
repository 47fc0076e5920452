/**
 * An error of the simulated cluster, worded as Proxmox words it. `status` is the HTTP status
 * the API answers with (500 for most failures of a guest operation, as pvedaemon does); a 400
 * carries the per-parameter `errors` map of Proxmox's `raise_param_exc`.
 *
 * The router turns it into an error response; the state modules never build responses.
 */
export class SimulatorError extends Error {
  readonly status: number;
  readonly errors: Readonly<Record<string, string>> | undefined;

  constructor(status: number, message: string, errors?: Record<string, string>) {
    super(message);
    this.name = 'SimulatorError';
    this.status = status;
    this.errors = errors;
  }
}

/** Proxmox's plain `die "...\n"` inside an API handler: HTTP 500 with the message. */
export function guestError(message: string): SimulatorError {
  return new SimulatorError(500, message);
}

/** Proxmox's `raise_param_exc`: 400 "Parameter verification failed." plus one line per key. */
export function paramError(errors: Record<string, string>): SimulatorError {
  return new SimulatorError(400, 'Parameter verification failed.', errors);
}
