import { ProxmoxError } from '../errors/base.js';

/** A route string that names no endpoint of the API. */
export class UnknownRouteError extends ProxmoxError {
  readonly route: string;

  constructor(route: string, hint: string) {
    super('unknown_route', `no endpoint '${route}' in the Proxmox VE API; ${hint}`);
    this.route = route;
  }
}
