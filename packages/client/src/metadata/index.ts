/**
 * The Proxmox VE API metadata this package was generated from, for tools that work from the
 * schema's facts (the simulator routes and validates with it). Loading it costs the whole
 * endpoint table at once; the client itself loads it lazily instead.
 */
export { endpoints } from '../generated/endpoints.gen.js';
export type * from './spec.js';
