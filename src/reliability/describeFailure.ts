import { isUpstreamError } from '../connectors/core/UpstreamError.js';

export interface FailureDescription {
  readonly code: string;
  readonly message: string;
  readonly upstreamStatus: number | null;
}

/** A job's failure that is not an upstream system's (a webhook subscriber's, say), with the code operators filter by. */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
  /**
   * Trying again cannot mend it (a document the rules refuse): the job becomes a dead letter at once
   * instead of retrying to its policy's last attempt; a replay runs it again once the cause is corrected.
   */
  readonly final: boolean;
  constructor(
    readonly code: string,
    message: string,
    readonly upstreamStatus: number | null = null,
    options: { readonly final?: boolean } = {},
  ) {
    super(message);
    this.final = options.final ?? false;
  }
}

/** The code, message and upstream status an operator sees for a failed job attempt. */
export function describeFailure(error: unknown): FailureDescription {
  if (isUpstreamError(error)) {
    return { code: error.code, message: error.message, upstreamStatus: error.status ?? null };
  }
  if (error instanceof JobFailure) return { code: error.code, message: error.message, upstreamStatus: error.upstreamStatus };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', message, upstreamStatus: null };
}
