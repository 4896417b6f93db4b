import type { FollowUpKind, FollowUpPayloads } from '../reliability/followUps.js';

/**
 * Where a write hands over the work that follows it. The one way the domain starts follow-ups, so
 * how they are carried can change without the domain changing.
 */
export interface FollowUpEnqueuer {
  /** Enqueues a follow-up once per `jobKey` (a retried request is a no-op) and returns its id. */
  enqueue<K extends FollowUpKind>(kind: K, payload: FollowUpPayloads[K], options: { jobKey: string; idempotencyKey: string }): Promise<string>;
}
