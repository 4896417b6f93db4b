import got, { HTTPError, RequestError, TimeoutError, type Got } from 'got';
import type { Logger } from 'pino';
import type { ResilienceConfig } from '../../config/index.js';
import type { BreakerRegistry } from './createBreakerRegistry.js';
import type { UpstreamBudgetGate } from './createUpstreamBudget.js';
import {
  backoffDelay,
  parseRetryAfterSeconds,
  TRANSIENT_ERROR_CODES,
  TRANSIENT_STATUS_CODES,
} from './retryPolicy.js';
import { UpstreamError } from './UpstreamError.js';
import type { SystemName } from '../../config/SystemName.js';

/** What a connector knows about the request it serves; threaded through so logs carry the request id. */
export interface CallContext {
  readonly requestId: string;
  readonly log: Logger;
  /** Who the call is made for; absent for the gateway's own work (jobs, polls). */
  readonly principalId?: string;
  /** The GraphQL operation the call serves, once it is known. */
  readonly operationName?: string;
  /**
   * A client is waiting for the answer: a spent upstream budget fails the call after a short wait
   * (UPSTREAM_BUDGET_MAX_WAIT_MS) instead of holding the client. Jobs and polls wait as long as it takes.
   */
  readonly interactive?: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface UpstreamRequest {
  readonly method: HttpMethod;
  /** Path below the system's base URL, e.g. `crm/v3/objects/contacts/batch/read`. */
  readonly path: string;
  /** A stable label for logs and metrics, e.g. `POST /crm/v3/objects/contacts/batch/read`. */
  readonly route: string;
  readonly searchParams?: URLSearchParams;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  /** A multipart/form-data body of files, by field name. */
  readonly files?: Readonly<Record<string, { readonly content: string; readonly fileName: string; readonly type: string }>>;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Safe to send twice: a read, or a write the upstream deduplicates by a key we send.
   * Only such requests are retried.
   */
  readonly idempotent: boolean;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Turns a product's error body into a message a person can act on. */
export type ErrorDescriber = (status: number, body: unknown) => { message: string; code?: string };

/** One call as observers see it. */
export interface UpstreamCall {
  readonly system: SystemName;
  readonly route: string;
  readonly context: CallContext;
}

/** How the call ended: an answer, or the UpstreamError that leaves the client (after every retry). */
export type UpstreamCallResult =
  | { readonly outcome: 'ok'; readonly status: number; readonly durationMs: number; readonly retries: number }
  | { readonly outcome: UpstreamError['kind']; readonly error: UpstreamError; readonly durationMs: number; readonly retries: number };

/** Metrics and error reporting hook in here, so every call of every connector is seen once. */
export interface UpstreamObserver {
  retrying?(call: UpstreamCall, retry: number): void;
  finished?(call: UpstreamCall, result: UpstreamCallResult): void;
}

export interface UpstreamClientOptions {
  readonly system: SystemName;
  readonly baseUrl: string;
  readonly resilience: ResilienceConfig;
  readonly breakers: BreakerRegistry;
  readonly headers: Readonly<Record<string, string>>;
  readonly describeError: ErrorDescriber;
  /** PEM material for a system that requires a client certificate or has a private CA. */
  readonly tls?: UpstreamTlsMaterial;
  readonly observers?: readonly UpstreamObserver[];
  /** The system's outbound request budget: every attempt, retries included, takes from it. */
  readonly budget?: UpstreamBudgetGate;
}

export interface UpstreamTlsMaterial {
  readonly certificate?: string;
  readonly key?: string;
  readonly certificateAuthority?: string;
}

export interface UpstreamClient {
  readonly system: SystemName;
  readonly baseUrl: string;
  request(context: CallContext, request: UpstreamRequest): Promise<UpstreamResponse>;
}

const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** OpenSSL alerts (ours or the peer's) and certificate verification failures: configuration, not a network blip. */
const isTlsFailure = (code: string) =>
  code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code);

/** What one call hands to the client-wide hooks. */
interface AttemptContext extends Record<string, unknown> {
  readonly onRetry: (retry: number) => Promise<void>;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: text === '' ? null : JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function multipart(files: NonNullable<UpstreamRequest['files']>): FormData {
  const data = new FormData();
  for (const [field, file] of Object.entries(files)) data.append(field, new Blob([file.content], { type: file.type }), file.fileName);
  return data;
}

/**
 * got with per-attempt timeout and backoff retries, inside the system's circuit breaker.
 * Every failure leaves as an UpstreamError; the caller never sees a got or opossum error.
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const { system, resilience, breakers } = options;
  // Everything that does not change between calls is set here once: got merges per-call options
  // into the defaults on every call, so each key passed per call costs CPU on every upstream request.
  const retrying: Got = got.extend({
    prefixUrl: options.baseUrl,
    headers: { 'user-agent': 'switchyard-gateway', ...options.headers },
    timeout: { request: resilience.attemptTimeoutMs },
    responseType: 'text',
    throwHttpErrors: true,
    ...(options.tls ? { https: { ...options.tls } } : {}),
    retry: {
      limit: resilience.retry.limit,
      methods: ALL_METHODS,
      statusCodes: [...TRANSIENT_STATUS_CODES],
      errorCodes: [...TRANSIENT_ERROR_CODES],
      maxRetryAfter: resilience.retry.maxRetryAfterMs,
      enforceRetryRules: true,
      calculateDelay: ({ attemptCount, retryAfter }) => backoffDelay(resilience.retry, attemptCount, retryAfter),
    },
    hooks: { beforeRetry: [(error, retryCount) => (error.options.context as AttemptContext).onRetry(retryCount)] },
  });
  const singleShot: Got = retrying.extend({ retry: { limit: 0 } });

  const fail = (kind: UpstreamError['kind'], message: string, extra: Partial<ConstructorParameters<typeof UpstreamError>[0]> = {}) =>
    new UpstreamError({ system, kind, message, ...extra });

  const toUpstreamError = (error: unknown): UpstreamError => {
    if (error instanceof HTTPError) {
      const status = error.response.statusCode;
      const parsed = parseJson(String(error.response.body ?? ''));
      const described = options.describeError(status, parsed.ok ? parsed.value : undefined);
      const retryAfterSeconds = parseRetryAfterSeconds(error.response.headers['retry-after']);
      const extra = { status, retryAfterSeconds, upstreamCode: described.code, cause: error };
      if (status === 429) return fail('rate_limited', `The ${system} system is rate limiting us: ${described.message}`, extra);
      if (status === 408 || status >= 500) return fail('unavailable', `The ${system} system failed: ${described.message}`, extra);
      return fail('rejected', `The ${system} system refused the request: ${described.message}`, extra);
    }
    if (error instanceof TimeoutError) {
      return fail('timeout', `The ${system} system did not answer within ${resilience.attemptTimeoutMs} ms`, { cause: error });
    }
    if (error instanceof RequestError && error.name === 'AbortError') {
      return fail('timeout', `The ${system} call passed its deadline`, { cause: error });
    }
    const code = (error as { code?: string }).code;
    if (code && isTlsFailure(code)) {
      return fail('unavailable', `The TLS handshake with the ${system} system failed (${code}): its certificate or ours was refused`, { cause: error });
    }
    return fail('unavailable', `Could not reach the ${system} system${code ? ` (${code})` : ''}`, { cause: error });
  };

  async function attempt(call: UpstreamCall, request: UpstreamRequest, onRetry: (retry: number) => Promise<void>): Promise<UpstreamResponse> {
    let response;
    try {
      const context: AttemptContext = { onRetry };
      response = await (request.idempotent ? retrying : singleShot)(request.path.replace(/^\/+/, ''), {
        method: request.method,
        searchParams: request.searchParams,
        json: request.json,
        form: request.form,
        body: request.files && multipart(request.files),
        headers: { 'x-request-id': call.context.requestId, ...request.headers },
        context,
        // Stops a request still retrying once the breaker has given up on it.
        signal: AbortSignal.timeout(resilience.breaker.timeoutMs),
      });
    } catch (error) {
      throw toUpstreamError(error);
    }
    const parsed = parseJson(response.body);
    if (!parsed.ok) {
      throw fail('rejected', `The ${system} system answered with a body that is not JSON`, { status: response.statusCode });
    }
    return { status: response.statusCode, body: parsed.value };
  }

  const observers = options.observers ?? [];
  const tell = (notify: (observer: UpstreamObserver) => void, context: CallContext) => {
    for (const observer of observers) {
      // Metrics or reporting failing must never fail the call they watch.
      try {
        notify(observer);
      } catch (error) {
        context.log.error({ err: error, system }, 'upstream observer failed');
      }
    }
  };

  return {
    system,
    baseUrl: options.baseUrl,
    async request(context, request) {
      const call: UpstreamCall = { system, route: request.route, context };
      const started = performance.now();
      let retries = 0;
      const onRetry = async (retry: number) => {
        retries = retry;
        tell((observer) => observer.retrying?.(call, retry), context);
        // A retry is already late by its backoff: it waits for the budget rather than failing the call.
        await options.budget?.admit({ interactive: false });
      };
      // One line per call, whatever happened, so a log search for a request shows each call it made once.
      const fields = {
        // Request loggers already carry the request id; jobs and polls pass only the context's.
        ...('requestId' in context.log.bindings() ? {} : { requestId: context.requestId }),
        principalId: context.principalId,
        operationName: context.operationName,
        system,
        route: request.route,
      };
      try {
        // An open breaker refuses the call anyway: it takes nothing from the budget.
        if (options.budget && !breakers.isOpen(system)) await options.budget.admit(context);
        const response = await breakers.run(system, () => attempt(call, request, onRetry));
        const durationMs = Math.round(performance.now() - started);
        context.log.info({ ...fields, status: response.status, durationMs, retries }, 'upstream call');
        tell((observer) => observer.finished?.(call, { outcome: 'ok', status: response.status, durationMs, retries }), context);
        return response;
      } catch (error) {
        const upstream = error instanceof UpstreamError ? error : toUpstreamError(error);
        const durationMs = Math.round(performance.now() - started);
        context.log.warn(
          {
            ...fields,
            status: upstream.status,
            durationMs,
            retries,
            kind: upstream.kind,
            upstreamCode: upstream.upstreamCode,
            err: { message: upstream.message },
          },
          'upstream call failed',
        );
        tell((observer) => observer.finished?.(call, { outcome: upstream.kind, error: upstream, durationMs, retries }), context);
        throw upstream;
      }
    },
  };
}
