import { timingSafeEqual } from 'node:crypto';

/** Compares two signatures without leaking, through timing, how much of a forged one was right. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // timingSafeEqual needs equal lengths; comparing with itself keeps the time independent of the input.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
