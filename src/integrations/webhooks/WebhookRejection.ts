/**
 * Every way an inbound webhook is refused, with the HTTP status the sender gets. Codes are never
 * reused for another meaning: senders' dashboards and our logs are searched by them.
 */
export const WEBHOOK_REJECTIONS = {
  WEBHOOK_SOURCE_UNKNOWN: 404,
  WEBHOOK_SIGNATURE_MISSING: 400,
  WEBHOOK_SIGNATURE_INVALID: 400,
  WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE: 400,
  WEBHOOK_PAYLOAD_INVALID: 400,
  WEBHOOK_PAYLOAD_TOO_LARGE: 413,
} as const;

export type WebhookRejectionCode = keyof typeof WEBHOOK_REJECTIONS;

/** A refused delivery: the code and message go back to the sender, and into one log line. */
export class WebhookRejection extends Error {
  override readonly name = 'WebhookRejection';
  readonly statusCode: number;

  constructor(
    readonly code: WebhookRejectionCode,
    message: string,
  ) {
    super(message);
    this.statusCode = WEBHOOK_REJECTIONS[code];
  }
}
