export type { Authenticator } from './authenticator.js';
export type { TfaChallenge, TfaChallengeHandler } from './tfa.js';
export { type TicketCredentials, TicketSession } from './ticket.js';
export type { TicketAuthOptions } from './ticket-options.js';
export { TokenAuthenticator, type TokenAuthOptions, validateTokenId } from './token.js';
