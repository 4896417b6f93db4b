/**
 * A failure that trying again cannot mend (a document the rules refuse): the queue records it as a
 * dead letter at once instead of retrying it to the policy's last attempt. A replay, once the cause is
 * corrected, runs it again.
 */
export class FinalFailure extends Error {
  override readonly name = 'FinalFailure';
}
