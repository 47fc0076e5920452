/**
 * An error a handler (or the router) raises to answer with a Proxmox error response.
 * `message` follows Proxmox's habit of ending in a newline; the first line becomes the
 * HTTP reason phrase, the whole text the `message` field of the JSON body.
 */
export class HttpError extends Error {
  readonly status: number;
  /** Per-parameter messages of a 400 "Parameter verification failed." */
  readonly errors: Readonly<Record<string, string>> | undefined;
  /** The auth handler's 401s and framing errors carry no body at all. */
  readonly emptyBody: boolean;

  constructor(
    status: number,
    message: string,
    options: { errors?: Record<string, string>; emptyBody?: boolean } = {},
  ) {
    super(message.endsWith('\n') ? message : `${message}\n`);
    this.name = 'HttpError';
    this.status = status;
    this.errors = options.errors;
    this.emptyBody = options.emptyBody ?? false;
  }
}

/** Proxmox's `raise_param_exc`: 400 with a message per offending parameter. */
export function parameterError(errors: Record<string, string>): HttpError {
  return new HttpError(400, 'Parameter verification failed.', { errors });
}

/** Proxmox's `raise_perm_exc`: 403 "Permission check failed (<what>)". */
export function permissionError(what: string): HttpError {
  return new HttpError(403, `Permission check failed (${what})`);
}

/** No endpoint of the schema has this path and method. */
export function notImplemented(method: string, apiPath: string): HttpError {
  return new HttpError(501, `Method '${method} ${apiPath}' not implemented`);
}

/** An endpoint of the schema the simulator does not model (yet); named by its template. */
export function notSimulated(method: string, template: string): HttpError {
  return new HttpError(
    501,
    `Method '${method} ${template}' is not implemented by the pvekit simulator`,
  );
}
