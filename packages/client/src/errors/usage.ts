import { ProxmoxError } from './base.js';

/** The client's options are unknown, malformed or contradict each other. */
export class ProxmoxOptionsError extends ProxmoxError {
  constructor(message: string) {
    super('invalid_options', message);
  }
}

/** A request path is malformed (`..`, `//`, a query string) or misses a `{placeholder}` value. */
export class ProxmoxPathError extends ProxmoxError {
  readonly path: string;

  constructor(path: string, message: string) {
    super('invalid_path', `${path}: ${message}`);
    this.path = path;
  }
}

/** A parameter value has no wire form (an object, NaN, a function …). */
export class ProxmoxParameterError extends ProxmoxError {
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super('invalid_parameter', `parameter '${parameter}': ${message}`);
    this.parameter = parameter;
  }
}

/** Second factors a Proxmox TFA challenge can offer. */
export type TfaFactor = 'totp' | 'recovery' | 'webauthn' | 'u2f' | 'yubico';

/** The user has two-factor authentication and the client was given no way to answer it. */
export class ProxmoxTfaRequiredError extends ProxmoxError {
  readonly username: string;
  readonly factors: readonly TfaFactor[];

  constructor(username: string, factors: readonly TfaFactor[], detail?: string) {
    const offered = factors.length > 0 ? factors.join(', ') : 'none the client knows';
    super(
      'tfa_required',
      `login of ${username} needs a second factor (offered: ${offered})` +
        (detail ? `; ${detail}` : '') +
        "; pass auth.otp (e.g. '123456' or 'recovery:<key>')" +
        ' or an auth.onTfaChallenge callback that returns the answer',
    );
    this.username = username;
    this.factors = factors;
  }
}
