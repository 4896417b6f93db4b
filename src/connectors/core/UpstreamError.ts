import type { SystemName } from '../../config/SystemName.js';
import { ERROR_CATALOGUE, ErrorCode } from '../../errors/errorCatalogue.js';

// Re-exported so connectors and their callers keep one import for the error and the names it carries.

/**
 * How an upstream call failed, from the caller's point of view:
 * - unavailable: network error or 5xx after retries
 * - timeout: no answer inside the per-attempt or breaker deadline
 * - rejected: the system answered but refused the request (4xx) or answered garbage
 * - circuit_open: the breaker refused to call the system at all
 * - rate_limited: the system answered 429
 */
export type UpstreamErrorKind = 'unavailable' | 'timeout' | 'rejected' | 'circuit_open' | 'rate_limited';

/** The public error code of each kind, as clients and operators see it. */
export const UPSTREAM_ERROR_CODES = {
  unavailable: ErrorCode.UPSTREAM_UNAVAILABLE,
  timeout: ErrorCode.UPSTREAM_TIMEOUT,
  rejected: ErrorCode.UPSTREAM_REJECTED,
  circuit_open: ErrorCode.CIRCUIT_OPEN,
  rate_limited: ErrorCode.RATE_LIMITED,
} as const satisfies Record<UpstreamErrorKind, ErrorCode>;

export interface UpstreamErrorOptions {
  system: SystemName;
  kind: UpstreamErrorKind;
  message: string;
  status?: number;
  retryAfterSeconds?: number;
  /** The upstream's own error code (e.g. Stripe `resource_missing`), for logs only. */
  upstreamCode?: string;
  cause?: unknown;
}

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly system: SystemName;
  readonly kind: UpstreamErrorKind;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly upstreamCode: string | undefined;

  constructor(options: UpstreamErrorOptions) {
    super(options.message, { cause: options.cause });
    this.system = options.system;
    this.kind = options.kind;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.upstreamCode = options.upstreamCode;
  }

  get code(): (typeof UPSTREAM_ERROR_CODES)[UpstreamErrorKind] {
    return UPSTREAM_ERROR_CODES[this.kind];
  }

  /** A client may try the same request again later: as the catalogue says of the code (all but a rejection). */
  get retryable(): boolean {
    return ERROR_CATALOGUE[this.code].retryable;
  }

  /** Whether the failure says something about the system's health (feeds the breaker). */
  get countsAgainstSystem(): boolean {
    return this.kind === 'unavailable' || this.kind === 'timeout';
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}
