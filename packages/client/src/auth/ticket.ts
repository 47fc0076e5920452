import { ProxmoxAuthenticationError } from '../errors/http.js';
import { ProxmoxResponseError } from '../errors/transport.js';
import { ProxmoxTfaRequiredError } from '../errors/usage.js';
import type { Redactor } from '../log/redact.js';
import { raceAbort } from '../transport/send.js';
import type { Authenticator } from './authenticator.js';
import { decodeTfaChallenge, isHalfTicket, tfaAnswer } from './tfa.js';
import { loginUserid, type TicketAuthOptions } from './ticket-options.js';

/** A ticket with its CSRF token: what the CLI caches and hands back as `auth`. */
export interface TicketCredentials {
  readonly username: string;
  readonly ticket: string;
  readonly csrfToken: string;
  /** When the ticket was made (epoch ms), read from the ticket itself. */
  readonly createdAt: number;
}

/** Posts to `/access/ticket` without credentials and returns the unwrapped `data`. */
export type TicketPoster = (
  params: Record<string, string>,
  headers: Record<string, string>,
) => Promise<unknown>;

// The official Perl client renews once a ticket is an hour old; tickets live two hours
// (pve-apiclient LWP.pm, pve-access-control AccessControl.pm).
const RENEW_AFTER_MS = 3600 * 1000;
// `PVE:<data>:<8 hex digits of creation time>::<signature>` (pve-common Ticket.pm).
const TICKET_TIME = /:([0-9A-Fa-f]{8})::[^:\s]+$/;

interface TicketAnswer {
  username?: unknown;
  ticket?: unknown;
  CSRFPreventionToken?: unknown;
  NeedTFA?: unknown;
}

/** Logs in lazily, renews aging tickets, completes TFA, and shares one login among callers. */
export class TicketSession implements Authenticator {
  readonly #options: TicketAuthOptions;
  readonly #userid: string;
  readonly #post: TicketPoster;
  readonly #now: () => number;
  readonly #redactor: Redactor;
  #current: TicketCredentials | undefined;
  #pending: Promise<TicketCredentials> | undefined;

  constructor(
    options: TicketAuthOptions,
    deps: { post: TicketPoster; now: () => number; redactor: Redactor },
  ) {
    this.#options = options;
    this.#userid = loginUserid(options);
    this.#post = deps.post;
    this.#now = deps.now;
    this.#redactor = deps.redactor;
    for (const secret of [options.password, options.otp, options.ticket, options.csrfToken]) {
      this.#redactor.add(secret);
    }
    if (options.ticket !== undefined && options.csrfToken !== undefined) {
      this.#current = this.#credentials(this.#userid, options.ticket, options.csrfToken);
    }
  }

  get credentials(): TicketCredentials | undefined {
    return this.#current;
  }

  /** Logs in now: with the password, or by renewing the ticket when no password was given. */
  login(): Promise<TicketCredentials> {
    const current = this.#current;
    if (this.#options.password === undefined && current !== undefined) {
      return this.#singleFlight(() => this.#renew(current));
    }
    return this.#singleFlight(() => this.#login());
  }

  async headers(method: string, signal: AbortSignal): Promise<Record<string, string>> {
    const credentials = await raceAbort(this.#fresh(), signal);
    const cookie = `PVEAuthCookie=${encodeURIComponent(credentials.ticket)}`;
    // pve-manager HTTPServer.pm checks CSRF on every ticket-authenticated non-GET request.
    if (method === 'GET') return { cookie };
    return { cookie, csrfpreventiontoken: credentials.csrfToken };
  }

  async recover(rejected: Readonly<Record<string, string>>, signal: AbortSignal): Promise<boolean> {
    const current = this.#current;
    const sentTicket = rejected.cookie;
    if (
      current !== undefined &&
      sentTicket !== `PVEAuthCookie=${encodeURIComponent(current.ticket)}`
    ) {
      return true; // Another request logged in again meanwhile; its ticket is fresh.
    }
    if (this.#options.password === undefined) return false;
    await raceAbort(
      this.#singleFlight(() => this.#login()),
      signal,
    );
    return true;
  }

  #fresh(): Promise<TicketCredentials> {
    if (this.#pending !== undefined) return this.#pending;
    const current = this.#current;
    if (current === undefined) return this.#singleFlight(() => this.#login());
    if (this.#now() - current.createdAt < RENEW_AFTER_MS) return Promise.resolve(current);
    return this.#singleFlight(() => this.#renewOrLogin(current));
  }

  #singleFlight(run: () => Promise<TicketCredentials>): Promise<TicketCredentials> {
    if (this.#pending !== undefined) return this.#pending;
    const pending = run().finally(() => {
      if (this.#pending === pending) this.#pending = undefined;
    });
    this.#pending = pending;
    return pending;
  }

  // Limitation: a renewal that fails for another reason than a refused ticket (the node is
  // unreachable, say) fails the call, although the old ticket may still be valid for an hour.
  async #renewOrLogin(current: TicketCredentials): Promise<TicketCredentials> {
    try {
      return await this.#renew(current);
    } catch (error) {
      const canLogin = this.#options.password !== undefined;
      if (canLogin && error instanceof ProxmoxAuthenticationError) return this.#login();
      throw error;
    }
  }

  // Posting the current ticket as the password yields a fresh one (AccessControl.pm).
  async #renew(current: TicketCredentials): Promise<TicketCredentials> {
    const answer = await this.#post({ username: current.username, password: current.ticket }, {});
    return this.#accept(answer);
  }

  async #login(): Promise<TicketCredentials> {
    const password = this.#options.password ?? '';
    const first = (await this.#post({ username: this.#userid, password }, {})) as TicketAnswer;
    const halfTicket = typeof first?.ticket === 'string' ? first.ticket : '';
    if (!first?.NeedTFA && !isHalfTicket(halfTicket)) return this.#accept(first);

    this.#redactor.add(halfTicket);
    const challenge = decodeTfaChallenge(this.#userid, halfTicket);
    const given = this.#options.otp ?? (await this.#options.onTfaChallenge?.(challenge));
    if (given === undefined) throw new ProxmoxTfaRequiredError(this.#userid, challenge.factors);
    const response = tfaAnswer(challenge, given);
    this.#redactor.add(response.slice(response.indexOf(':') + 1));

    const csrf = typeof first.CSRFPreventionToken === 'string' ? first.CSRFPreventionToken : '';
    this.#redactor.add(csrf);
    const params = { username: this.#userid, 'tfa-challenge': halfTicket, password: response };
    return this.#accept(await this.#post(params, { csrfpreventiontoken: csrf }));
  }

  #accept(answer: unknown): TicketCredentials {
    const { username, ticket, CSRFPreventionToken } = (answer ?? {}) as TicketAnswer;
    if (typeof ticket !== 'string' || typeof CSRFPreventionToken !== 'string') {
      throw new ProxmoxResponseError('POST', '/access/ticket', 'the login answer holds no ticket');
    }
    this.#redactor.add(ticket);
    this.#redactor.add(CSRFPreventionToken);
    const userid = typeof username === 'string' ? username : this.#userid;
    this.#current = this.#credentials(userid, ticket, CSRFPreventionToken);
    return this.#current;
  }

  #credentials(username: string, ticket: string, csrfToken: string): TicketCredentials {
    const hex = TICKET_TIME.exec(ticket)?.[1];
    const createdAt = hex === undefined ? this.#now() : Number.parseInt(hex, 16) * 1000;
    return { username, ticket, csrfToken, createdAt };
  }
}
