/** Puts credentials on requests; one implementation per kind of `auth` option. */
export interface Authenticator {
  /** Headers that authenticate one request; a ticket session may log in or renew first. */
  headers(method: string, signal: AbortSignal): Promise<Record<string, string>>;
  /**
   * Called after a 401 to the request that carried `rejected`. Resolves true when fresh
   * credentials exist that a replay could use, false when nothing can be done.
   */
  recover(rejected: Readonly<Record<string, string>>, signal: AbortSignal): Promise<boolean>;
}
