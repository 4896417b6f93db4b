import { isUpstreamError } from '../connectors/core/UpstreamError.js';

export interface FailureDescription {
  readonly code: string;
  readonly message: string;
  readonly upstreamStatus: number | null;
}

/** The code, message and upstream status an operator sees for a failed job attempt. */
export function describeFailure(error: unknown): FailureDescription {
  if (isUpstreamError(error)) {
    return { code: error.code, message: error.message, upstreamStatus: error.status ?? null };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', message, upstreamStatus: null };
}
