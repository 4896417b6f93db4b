import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/connectors/core/UpstreamError.js';
import type { WorkUnit } from '../../src/reliability/createDeadLetterService.js';
import { createWorkRunner } from '../../src/reliability/createWorkRunner.js';

const policy = { limit: 2, baseDelayMs: 1000, maxDelayMs: 4000, maxRetryAfterMs: 30_000, jitter: 0 };

function runner(fail: () => Error) {
  const recorded: [string, string][] = [];
  const work = createWorkRunner<WorkUnit>({
    kind: 'crm-create-contact',
    source: 'queue',
    policy,
    unitOf: (unit) => unit,
    run: async () => {
      throw fail();
    },
    deadLetters: {
      recordAttempt: async (unit, source) => void recorded.push([unit.followUpId, source]),
      recordDead: async () => {
        throw new Error('not in this test');
      },
    },
    logger: pino({ level: 'silent' }),
  });
  return { work, recorded };
}

const unit: WorkUnit = { followUpId: 'f-1', kind: 'crm-create-contact', idempotencyKey: null, payload: {} };

describe('a unit of work failing an attempt', () => {
  it('records the attempt and waits the one backoff, then stops after the last attempt', async () => {
    const { work, recorded } = runner(() => new Error('boom'));
    const waits = [];
    for (const attempt of [1, 2, 3]) {
      const outcome = await work.attempt(unit, attempt);
      waits.push(outcome.ok ? 'ok' : outcome.retryInMs);
    }
    expect(waits).toEqual([1000, 2000, 0]);
    expect(recorded).toEqual([
      ['f-1', 'queue'],
      ['f-1', 'queue'],
      ['f-1', 'queue'],
    ]);
  });

  it("waits what the upstream's Retry-After asks, and gives up when it asks too much", async () => {
    const rateLimited = (seconds: number) => () =>
      new UpstreamError({ system: 'crm', kind: 'rate_limited', message: 'slow down', status: 429, retryAfterSeconds: seconds });
    expect(await runner(rateLimited(7)).work.attempt(unit, 1)).toMatchObject({ ok: false, retryInMs: 7000 });
    expect(await runner(rateLimited(60)).work.attempt(unit, 1)).toMatchObject({ ok: false, retryInMs: 0 });
  });
});
