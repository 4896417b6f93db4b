import type { ErrorCode } from './errorCatalogue.js';

/** One error as every client sees it, GraphQL or plain HTTP. */
export interface PublicError {
  readonly message: string;
  readonly locations?: readonly { readonly line: number; readonly column: number }[];
  readonly path?: readonly (string | number)[];
  readonly extensions: { readonly code: ErrorCode; readonly requestId?: string; readonly [name: string]: unknown };
}

export interface PublicErrorInput {
  readonly code: ErrorCode;
  readonly message: string;
  /** What the error adds to its code: `system`, `retryAfter`, `argumentName`... */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly locations?: PublicError['locations'];
  readonly path?: PublicError['path'];
}

export interface ErrorBody {
  readonly errors: readonly PublicError[];
}

/**
 * The one place that writes `extensions.code` and `extensions.requestId`: code first, then what the
 * error adds, then the request id (absent only where there is no HTTP request, as on a subscription).
 */
export function publicError(error: PublicErrorInput, requestId: string | undefined): PublicError {
  const { code: _replaced, requestId: _stale, ...extensions } = error.extensions ?? {};
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: { code: error.code, ...extensions, ...(requestId !== undefined ? { requestId } : {}) },
  };
}

/** The body of every error response the gateway writes outside GraphQL execution: 404, 413, 401 on /metrics, webhook refusals... */
export function errorBody(error: PublicErrorInput, requestId: string): ErrorBody {
  return { errors: [publicError(error, requestId)] };
}
