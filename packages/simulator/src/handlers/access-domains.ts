import { createHash } from 'node:crypto';
import { HttpError } from '../router/http-error.js';
import type { Params } from '../router/params.js';
import { ok, type Route } from '../router/route.js';
import type { AccessConfig, DomainConfig } from '../state/access.js';
import type { SimulatorState } from '../state/state.js';
import { listParam } from './params.js';

// Authentication realms (pve-access-control API2/Domains.pm). The simulator keeps what a
// realm is configured with; it never talks to an LDAP, AD or OpenID server.
// Limitation: users of ldap, ad and openid realms cannot log in, and `sync` answers 501.

const BUILTIN = ['pam', 'pve'];
// Never stored: secrets and one-shot switches.
const NOT_STORED = new Set(['realm', 'password', 'check-connection', 'digest', 'delete']);

// Domains.pm wraps its work in `lock_domain_config`, which prefixes a failure.
function failed(what: string, message: string): HttpError {
  return new HttpError(500, `${what} auth server failed: ${message}`);
}

function configValues(params: Params): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (NOT_STORED.has(key) || value === undefined) continue;
    values[key] = typeof value === 'boolean' ? Number(value) : (value as string | number);
  }
  return values;
}

// One realm may be the login form's default.
function applyDefault(access: AccessConfig, realm: string, config: DomainConfig): void {
  if (!Number(config.default)) return;
  for (const [other, entry] of access.domains) if (other !== realm) delete entry.default;
}

function digestOf(access: AccessConfig): string {
  return createHash('sha1')
    .update(JSON.stringify([...access.domains]))
    .digest('hex');
}

function listEntry(realm: string, config: DomainConfig) {
  return {
    realm,
    type: config.type,
    ...(config.comment === undefined ? {} : { comment: config.comment }),
    ...(Number(config.default) ? { default: 1 } : {}),
  };
}

export const domainRoutes: Route<SimulatorState>[] = [
  {
    method: 'GET',
    path: '/access/domains',
    handler: ({ state }) =>
      ok([...state.access.domains].map(([realm, config]) => listEntry(realm, config))),
  },
  {
    method: 'POST',
    path: '/access/domains',
    handler: ({ state, params }) => {
      const realm = String(params.realm);
      const type = String(params.type);
      if (state.access.domains.has(realm)) {
        throw failed('add', `domain '${realm}' already exists`);
      }
      if (BUILTIN.includes(realm)) throw failed('add', `unable to use reserved name '${realm}'`);
      if (BUILTIN.includes(type)) throw failed('add', `unable to create builtin type '${type}'`);
      const config: DomainConfig = { ...configValues(params), type };
      applyDefault(state.access, realm, config);
      state.access.domains.set(realm, config);
      return ok(null);
    },
  },
  {
    method: 'GET',
    path: '/access/domains/{realm}',
    handler: ({ state, params }) => {
      const realm = String(params.realm);
      const config = state.access.domains.get(realm);
      if (config === undefined) throw new HttpError(500, `domain '${realm}' does not exist`);
      return ok({ ...config, digest: digestOf(state.access) });
    },
  },
  {
    method: 'PUT',
    path: '/access/domains/{realm}',
    handler: ({ state, params }) => {
      const realm = String(params.realm);
      const config = state.access.domains.get(realm);
      if (config === undefined) throw failed('update', `domain '${realm}' does not exist`);
      const digest = params.digest;
      if (typeof digest === 'string' && digest !== digestOf(state.access)) {
        throw failed('update', 'detected modified configuration - file changed by other user?');
      }
      const removed = listParam(params, 'delete') ?? [];
      const values = configValues(params);
      if (removed.length === 0 && Object.keys(values).length === 0) {
        throw failed('update', 'no options specified');
      }
      for (const key of removed) if (key !== 'type') delete config[key];
      Object.assign(config, values);
      applyDefault(state.access, realm, config);
      return ok(null);
    },
  },
  {
    method: 'DELETE',
    path: '/access/domains/{realm}',
    handler: ({ state, params }) => {
      const realm = String(params.realm);
      if (!state.access.domains.has(realm)) {
        throw failed('delete', `authentication domain '${realm}' does not exist`);
      }
      // Limitation: the wording is the simulator's; Proxmox's pam and pve plugins refuse too.
      if (BUILTIN.includes(realm))
        throw failed('delete', `cannot remove built-in realm '${realm}'`);
      state.access.domains.delete(realm);
      return ok(null);
    },
  },
];
