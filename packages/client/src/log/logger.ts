import type { Redactor } from './redact.js';

/** Anything shaped like `console` will do. */
export interface ProxmoxLogger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

type RecordLevel = Exclude<LogLevel, 'silent'>;

/**
 * The client's levelled log. Silent unless a logger is given. Every record passes through the
 * redactor as it is built, so what reaches the logger is a scrubbed copy.
 */
export class Log {
  readonly #logger: ProxmoxLogger | undefined;
  readonly #threshold: number;
  readonly #redactor: Redactor;

  constructor(logger: ProxmoxLogger | undefined, level: LogLevel, redactor: Redactor) {
    this.#logger = logger;
    this.#threshold = LOG_LEVELS.indexOf(level);
    this.#redactor = redactor;
  }

  enabled(level: RecordLevel): boolean {
    return this.#logger !== undefined && LOG_LEVELS.indexOf(level) >= this.#threshold;
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#write('debug', message, fields);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.#write('info', message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.#write('warn', message, fields);
  }

  #write(level: RecordLevel, message: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level) || this.#logger === undefined) return;
    const line = `pvekit ${this.#redactor.scrub(message)}`;
    if (fields === undefined) this.#logger[level](line);
    else this.#logger[level](line, this.#redactor.copy(fields));
  }
}
