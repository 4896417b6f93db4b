import { SEED_EPOCH_MS } from './data/time.js';

/**
 * The sandbox's "now". It starts at the dataset's epoch, so every write postdates the seeded rows,
 * and runs at real speed; the control API can jump it forward (past Stripe's 24 h idempotency
 * window, say) without a test having to wait.
 */
export interface SandboxClock {
  now(): number;
  advance(ms: number): void;
  /** Back to the epoch, for a data re-seed: the new rows must not look older than the clock. */
  reset(): void;
}

export function createSandboxClock(epochMs: number = SEED_EPOCH_MS): SandboxClock {
  let startedAt = performance.now();
  let offsetMs = 0;
  return {
    now: () => Math.floor(epochMs + offsetMs + (performance.now() - startedAt)),
    advance(ms) {
      offsetMs += ms;
    },
    reset() {
      startedAt = performance.now();
      offsetMs = 0;
    },
  };
}
