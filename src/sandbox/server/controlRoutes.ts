import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxClock } from '../clock.js';
import type { FaultRegistry } from '../faults.js';
import { faultInputSchema } from '../faults.js';
import type { RequestStats } from '../stats.js';
import { jsonBody } from './requestBody.js';

export const CONTROL_PREFIX = '/_control/';

export interface ControlRoutesOptions {
  faults: FaultRegistry;
  stats: RequestStats;
  clock: SandboxClock;
  /** Re-seeds the shared dataset for `POST /_control/reset?data=true`. */
  reseed?: () => void;
}

const clockInputSchema = z.strictObject({ advanceMs: z.number().int().min(0) });

/** The control API every simulated system exposes, outside auth, faults and stats. */
export function registerControlRoutes(app: FastifyInstance, { faults, stats, clock, reseed }: ControlRoutesOptions): void {
  app.get('/_control/faults', async () => ({ faults: faults.list() }));

  app.post('/_control/faults', async (request, reply) => {
    const body = jsonBody(request);
    if (!body.ok) return reply.code(400).send({ error: `The body must be JSON: ${body.error}` });
    const parsed = faultInputSchema.safeParse(body.value);
    if (!parsed.success) {
      return reply.code(400).send({ error: `Invalid fault: ${z.prettifyError(parsed.error)}`, issues: parsed.error.issues });
    }
    return { faults: faults.apply(parsed.data) };
  });

  app.delete('/_control/faults', async () => {
    faults.clear();
    return { faults: [] };
  });

  app.post('/_control/reset', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const withData = query.data === 'true' || query.data === '1';
    if (withData && !reseed) return reply.code(400).send({ error: 'This server cannot re-seed its data.' });
    faults.clear();
    stats.reset();
    if (withData) reseed?.();
    return { reset: true, data: withData };
  });

  app.get('/_control/stats', async () => stats.snapshot());

  const clockState = () => ({ now: new Date(clock.now()).toISOString() });
  app.get('/_control/clock', async () => clockState());

  // The clock only moves forward: going back would date new rows before existing ones.
  app.post('/_control/clock', async (request, reply) => {
    const body = jsonBody(request);
    const parsed = body.ok ? clockInputSchema.safeParse(body.value) : undefined;
    if (!parsed?.success) return reply.code(400).send({ error: 'The body must be { "advanceMs": <non-negative integer> }.' });
    clock.advance(parsed.data.advanceMs);
    return clockState();
  });
}
