import { WebhookRejection } from './WebhookRejection.js';

/** Refuses a signed timestamp too far from now in either direction: an old one may be a replayed capture. */
export function checkTimestamp(signedAtSeconds: number, toleranceSeconds: number, nowMs: number): void {
  const skew = Math.abs(nowMs / 1000 - signedAtSeconds);
  if (!Number.isFinite(skew) || skew > toleranceSeconds) {
    throw new WebhookRejection(
      'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE',
      `The signed timestamp is ${Number.isFinite(skew) ? `${Math.round(skew)} s` : 'too far'} away from now (at most ${toleranceSeconds} s): resend the event with a fresh signature`,
    );
  }
}
