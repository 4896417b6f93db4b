import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FaultRegistry } from '../faults.js';
import { faultInputSchema } from '../faults.js';
import type { RequestStats } from '../stats.js';
import { jsonBody } from './requestBody.js';

export const CONTROL_PREFIX = '/_control/';

export interface ControlRoutesOptions {
  faults: FaultRegistry;
  stats: RequestStats;
  /** Re-seeds the shared dataset for `POST /_control/reset?data=true`. */
  reseed?: () => void;
}

/** The control API every simulated system exposes, outside auth, faults and stats. */
export function registerControlRoutes(app: FastifyInstance, { faults, stats, reseed }: ControlRoutesOptions): void {
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
}
