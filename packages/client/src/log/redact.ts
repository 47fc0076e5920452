const REDACTED = '[redacted]';

// Parameter and header names whose values are credentials. `password` also carries a ticket on
// renewal and the TFA answer on the second login step; `tfa-challenge` is a signed half ticket.
const SECRET_KEYS = new Set([
  'password',
  'new-password',
  'otp',
  'tfa-challenge',
  'ticket',
  'vncticket',
  'csrfpreventiontoken',
  'authorization',
  'cookie',
  'secret',
]);

/** Secrets shorter than this are not scrubbed from free text: they would mangle ordinary words. */
const MIN_SCRUB_LENGTH = 4;

/**
 * Knows every secret the client holds (token secret, password, tickets, CSRF tokens, TFA
 * answers) and removes them from anything that leaves the client as text: log records and
 * error messages. Records are redacted when they are built, on a copy.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Remembers a secret; every later scrub removes it. */
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= MIN_SCRUB_LENGTH) {
      this.#secrets.add(secret);
      this.#secrets.add(encodeURIComponent(secret));
    }
  }

  scrub(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join(REDACTED);
    return result;
  }

  /** A deep copy of `value` with secret-named keys replaced and known secrets scrubbed. */
  copy(value: unknown): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (Array.isArray(value)) return value.map((item) => this.copy(item));
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value).map(([key, item]) => [
      key,
      SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : this.copy(item),
    ]);
    return Object.fromEntries(entries);
  }
}
