import { ERROR_CATALOGUE, type ErrorCode } from '../../errors/errorCatalogue.js';

/** Every way an inbound webhook is refused: the catalogue's WEBHOOK_ codes, with the HTTP status it gives each. */
export type WebhookRejectionCode = Extract<ErrorCode, `WEBHOOK_${string}`>;

/** A refused delivery: the code and message go back to the sender, and into one log line. */
export class WebhookRejection extends Error {
  override readonly name = 'WebhookRejection';
  readonly statusCode: number;

  constructor(
    readonly code: WebhookRejectionCode,
    message: string,
  ) {
    super(message);
    this.statusCode = ERROR_CATALOGUE[code].status;
  }
}
