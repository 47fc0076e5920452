import { validateTicketOptions } from '../auth/ticket-options.js';
import { validateTokenId, validateTokenSecret } from '../auth/token.js';
import { ProxmoxOptionsError } from '../errors/usage.js';
import { LOG_LEVELS } from '../log/logger.js';
import { normalizeFingerprint } from '../transport/fingerprint.js';
import { resolveBaseUrl } from './base-url.js';
import {
  type AuthOptions,
  CLIENT_OPTION_KEYS,
  type ProxmoxClientOptions,
  type RetryOptions,
  type TimeoutOptions,
} from './options.js';

export interface Timeouts {
  readonly attempt: number;
  readonly overall: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_TIMEOUTS: Timeouts = { attempt: 30_000, overall: 120_000 };
export const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseDelay: 250, maxDelay: 4_000 };

const TOKEN_KEYS = ['tokenId', 'secret'];
const TICKET_KEYS = [
  'username',
  'password',
  'realm',
  'otp',
  'onTfaChallenge',
  'ticket',
  'csrfToken',
];

/** Checks every option at construction; returns the API root URL. */
export function validateOptions(options: ProxmoxClientOptions): URL {
  if (typeof options !== 'object' || options === null) {
    throw new ProxmoxOptionsError("options are required, e.g. { host: 'pve1', auth: {…} }");
  }
  rejectUnknown('option', Object.keys(options), CLIENT_OPTION_KEYS);
  const url = resolveBaseUrl(options);
  if (options.auth !== undefined) validateAuth(options.auth);
  validateTransport(options, url);
  if (options.timeout !== undefined) resolveTimeouts(options.timeout, DEFAULT_TIMEOUTS);
  if (options.retry !== undefined) resolveRetry(options.retry);
  validateLogging(options);
  const clock = options.clock;
  if (
    clock !== undefined &&
    (typeof clock.now !== 'function' || typeof clock.sleep !== 'function')
  ) {
    throw new ProxmoxOptionsError('clock needs now() and sleep(ms, signal) functions');
  }
  return url;
}

export function isTokenAuth(auth: AuthOptions): auth is AuthOptions & { tokenId: string } {
  return 'tokenId' in auth || 'secret' in auth;
}

function validateAuth(auth: AuthOptions): void {
  if (typeof auth !== 'object' || auth === null) {
    throw new ProxmoxOptionsError('auth must be { tokenId, secret } or { username, password }');
  }
  const keys = Object.keys(auth);
  const token = keys.some((key) => TOKEN_KEYS.includes(key));
  const ticket = keys.some((key) => TICKET_KEYS.includes(key));
  if (token && ticket) {
    throw new ProxmoxOptionsError(
      'auth mixes an API token (tokenId, secret) with a ticket login (username, password,' +
        ' ticket); pass one of them',
    );
  }
  rejectUnknown('auth option', keys, token ? TOKEN_KEYS : TICKET_KEYS);
  if (!token) {
    validateTicketOptions(auth as Parameters<typeof validateTicketOptions>[0]);
    return;
  }
  const { tokenId, secret } = auth as { tokenId?: unknown; secret?: unknown };
  if (typeof tokenId !== 'string') {
    throw new ProxmoxOptionsError("auth.tokenId is required, e.g. 'root@pam!ci'");
  }
  validateTokenId(tokenId);
  validateTokenSecret(secret);
}

function validateTransport(options: ProxmoxClientOptions, url: URL): void {
  const { fetch, dispatcher, tls } = options;
  if (fetch !== undefined && dispatcher !== undefined) {
    throw new ProxmoxOptionsError('fetch and dispatcher both given; pass one transport');
  }
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw new ProxmoxOptionsError('fetch must be a fetch-compatible function');
  }
  if (tls === undefined) return;
  rejectUnknown('tls option', Object.keys(tls), ['ca', 'fingerprint', 'insecure']);
  if (fetch !== undefined || dispatcher !== undefined) {
    throw new ProxmoxOptionsError(
      'tls cannot apply to an injected fetch or dispatcher; configure TLS there, or drop it',
    );
  }
  if (url.protocol !== 'https:') {
    throw new ProxmoxOptionsError('tls options need an https:// node URL');
  }
  validateTls(tls);
}

function validateTls(tls: NonNullable<ProxmoxClientOptions['tls']>): void {
  const chosen = [
    tls.ca !== undefined && 'tls.ca',
    tls.fingerprint !== undefined && 'tls.fingerprint',
    tls.insecure === true && 'tls.insecure',
  ].filter((name) => name !== false);
  if (chosen.length > 1) {
    throw new ProxmoxOptionsError(
      `${chosen.join(' and ')} contradict each other; choose one way to trust the node` +
        ' (a pinned fingerprint is the safe choice for a self-signed node)',
    );
  }
  if (tls.insecure !== undefined && typeof tls.insecure !== 'boolean') {
    throw new ProxmoxOptionsError('tls.insecure must be true or false');
  }
  if (
    tls.fingerprint !== undefined &&
    normalizeFingerprint(String(tls.fingerprint)) === undefined
  ) {
    throw new ProxmoxOptionsError(
      'tls.fingerprint must be a SHA-256 fingerprint: 64 hex digits, plain or as AA:BB:…',
    );
  }
}

function validateLogging(options: ProxmoxClientOptions): void {
  const { logger, logLevel } = options;
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) {
    throw new ProxmoxOptionsError(`logLevel must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const methods = ['debug', 'info', 'warn', 'error'] as const;
  if (logger !== undefined && methods.some((name) => typeof logger[name] !== 'function')) {
    throw new ProxmoxOptionsError('logger needs debug, info, warn and error methods (console has)');
  }
}

export function resolveTimeouts(timeout: number | TimeoutOptions, base: Timeouts): Timeouts {
  const given = typeof timeout === 'number' ? { attempt: timeout } : timeout;
  if (typeof given !== 'object' || given === null) {
    throw new ProxmoxOptionsError('timeout must be milliseconds or { attempt, overall }');
  }
  rejectUnknown('timeout option', Object.keys(given), ['attempt', 'overall']);
  const attempt = given.attempt ?? base.attempt;
  const overall = given.overall ?? Math.max(base.overall, attempt);
  for (const [name, ms] of [
    ['attempt', attempt],
    ['overall', overall],
  ] as const) {
    if (!Number.isFinite(ms) || ms <= 0) {
      throw new ProxmoxOptionsError(`timeout.${name} must be a positive number of milliseconds`);
    }
  }
  return { attempt, overall };
}

export function resolveRetry(retry: number | false | RetryOptions): RetryPolicy {
  const given =
    retry === false ? { retries: 0 } : typeof retry === 'number' ? { retries: retry } : retry;
  if (typeof given !== 'object' || given === null) {
    throw new ProxmoxOptionsError(
      'retry must be a count, false, or { retries, baseDelay, maxDelay }',
    );
  }
  rejectUnknown('retry option', Object.keys(given), ['retries', 'baseDelay', 'maxDelay']);
  const policy = { ...DEFAULT_RETRY, ...given };
  if (!Number.isInteger(policy.retries) || policy.retries < 0) {
    throw new ProxmoxOptionsError('retry.retries must be a whole number, 0 or more');
  }
  if (!(policy.baseDelay >= 0) || !(policy.maxDelay >= policy.baseDelay)) {
    throw new ProxmoxOptionsError('retry delays must satisfy 0 <= baseDelay <= maxDelay (ms)');
  }
  return policy;
}

function rejectUnknown(what: string, keys: readonly string[], known: readonly string[]): void {
  const unknown = keys.filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  throw new ProxmoxOptionsError(
    `unknown ${what}${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')};` +
      ` known are ${known.join(', ')}`,
  );
}
