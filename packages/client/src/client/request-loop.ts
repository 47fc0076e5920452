import type { ProxmoxError } from '../errors/base.js';
import { classifyResponse } from '../errors/classify.js';
import { ProxmoxConnectionError } from '../errors/transport.js';
import type { Log } from '../log/logger.js';
import type { Redactor } from '../log/redact.js';
import { decodeEnvelope, type ProxmoxEnvelope } from '../transport/envelope.js';
import { describeConnectionFailure } from '../transport/failure.js';
import type { Params } from '../transport/params.js';
import {
  type FetchInit,
  type FetchLike,
  type FetchResponse,
  raceAbort,
} from '../transport/send.js';
import type { CallScope } from './call-scope.js';
import type { Clock } from './clock.js';
import { backoffDelay, isRetryable } from './retry.js';
import type { RetryPolicy } from './validate.js';

/** A request ready for the wire: path resolved, parameters encoded. */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: string | undefined;
  /** The parameters as given, for debug records (redacted when the record is built). */
  readonly params: Params;
}

export interface LoopDeps {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly retry: RetryPolicy;
  readonly log: Log;
  readonly redactor: Redactor;
}

interface Exchange {
  readonly deps: LoopDeps;
  readonly request: WireRequest;
  readonly headers: Readonly<Record<string, string>>;
  readonly scope: CallScope;
  /** Ties the log lines of all attempts of one call together. */
  readonly requestId: string;
}

type Answer = { response: FetchResponse; body: string } | { error: ProxmoxError };

/**
 * The one request loop: send, time out, classify, and retry what is safe to retry, waiting a
 * jittered, growing delay between tries. Throws a typed ProxmoxError for every failure.
 */
export async function runRequest<T>(exchange: Exchange): Promise<ProxmoxEnvelope<T>> {
  const { deps, request, scope } = exchange;
  const wire = toWire(exchange);
  for (let attempt = 1; ; attempt += 1) {
    const started = deps.clock.now();
    const answer = await sendOnce(exchange, wire);
    const durationMs = deps.clock.now() - started;

    let failure: ProxmoxError;
    if ('response' in answer) {
      const { response, body } = answer;
      logAnswer(exchange, attempt, durationMs, response.status);
      if (response.ok) return decodeEnvelope<T>(request.method, request.path, body);
      failure = classifyResponse({
        method: request.method,
        path: request.path,
        status: response.status,
        statusText: response.statusText,
        body,
        scrub: (text) => deps.redactor.scrub(text),
      });
    } else {
      failure = answer.error;
      logAnswer(exchange, attempt, durationMs, failure.code);
    }

    if (attempt > deps.retry.retries || !isRetryable(failure, request.method)) throw failure;
    const delay = backoffDelay(attempt, deps.retry);
    deps.log.info(`${request.method} ${request.path} retry ${attempt} in ${delay}ms`, {
      requestId: exchange.requestId,
      after: failure.message,
    });
    try {
      await deps.clock.sleep(delay, scope.signal);
    } catch (error) {
      throw scope.stopped() ?? error;
    }
  }
}

/** The URL and init of every attempt of one call, built once. */
interface Wire {
  readonly url: string;
  readonly init: Omit<FetchInit, 'signal'>;
}

function toWire({ deps, request, headers }: Exchange): Wire {
  const query = request.query === '' ? '' : `?${request.query}`;
  return {
    url: `${deps.baseUrl}${request.path}${query}`,
    init: {
      method: request.method,
      headers: { accept: 'application/json', ...contentType(request), ...headers },
      ...(request.body === undefined ? {} : { body: request.body }),
    },
  };
}

async function sendOnce({ deps, request, scope }: Exchange, wire: Wire): Promise<Answer> {
  const attempt = scope.startAttempt();
  const init: FetchInit = { ...wire.init, signal: attempt.signal };
  try {
    const response = await raceAbort(deps.fetch(wire.url, init), attempt.signal);
    const body = await raceAbort(response.text(), attempt.signal);
    return { response, body };
  } catch (error) {
    const stopped = scope.stopped();
    if (stopped !== undefined) return { error: stopped };
    if (attempt.timedOut()) return { error: scope.attemptTimeout(error) };
    const { failure, detail } = describeConnectionFailure(error);
    const call = { method: request.method, path: request.path };
    return { error: new ProxmoxConnectionError({ ...call, failure, detail }, error) };
  } finally {
    attempt.dispose();
  }
}

function contentType(request: WireRequest): Record<string, string> {
  if (request.body === undefined) return {};
  return { 'content-type': 'application/x-www-form-urlencoded' };
}

function logAnswer(
  exchange: Exchange,
  attempt: number,
  durationMs: number,
  status: number | string,
) {
  const { deps, request, requestId } = exchange;
  if (!deps.log.enabled('debug')) return;
  deps.log.debug(`${request.method} ${request.path} ${status} ${durationMs}ms`, {
    requestId,
    attempt,
    method: request.method,
    path: request.path,
    status,
    durationMs,
    params: request.params,
  });
}
