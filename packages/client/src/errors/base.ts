/**
 * The root of every error pvekit throws. `code` is stable across releases and safe to switch on;
 * the message is for people and may change.
 */
export class ProxmoxError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
