import type { FastifyInstance } from 'fastify';

/** Where the process is in its life; readiness follows from it. */
export type Phase = 'starting' | 'ready' | 'draining' | 'stopped';

export interface HealthOptions {
  readonly phase: () => Phase;
  /** Dependencies without which the gateway cannot do its job; each rejects with the reason. */
  readonly checks: Readonly<Record<string, () => Promise<void>>>;
}

const NOT_READY_REASONS: Record<Exclude<Phase, 'ready'>, string> = {
  starting: 'the gateway is still starting',
  draining: 'the gateway is shutting down and finishing in-flight requests',
  stopped: 'the gateway has stopped',
};

const HEALTHZ_SCHEMA = {
  tags: ['health'],
  summary: 'Liveness: the process answers',
  response: {
    200: { description: 'Alive', type: 'object', required: ['status'], properties: { status: { type: 'string', const: 'ok' } } },
  },
} as const;

const READYZ_SCHEMA = {
  tags: ['health'],
  summary: 'Readiness: whether this instance should get traffic',
  description: 'An upstream system being down does not make the gateway unready (it answers with partial data); its own database does.',
  response: {
    200: { description: 'Ready', type: 'object', required: ['status'], properties: { status: { type: 'string', const: 'ready' } } },
    503: {
      description: 'Starting, shutting down, or without its database',
      type: 'object',
      required: ['status', 'reasons'],
      properties: { status: { type: 'string', const: 'unready' }, reasons: { type: 'array', items: { type: 'string' } } },
    },
  },
} as const;

/**
 * /healthz: the process answers. /readyz: it should get traffic. An upstream system being down does
 * not make the gateway unready (it still answers with partial data); its own database does.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  app.get('/healthz', { schema: HEALTHZ_SCHEMA }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: READYZ_SCHEMA }, async (_request, reply) => {
    const phase = options.phase();
    const reasons = phase === 'ready' ? [] : [NOT_READY_REASONS[phase]];
    const results = await Promise.allSettled(Object.values(options.checks).map((check) => check()));
    Object.keys(options.checks).forEach((name, index) => {
      const result = results[index];
      if (result?.status === 'rejected') reasons.push(`${name}: ${(result.reason as Error).message}`);
    });
    if (reasons.length === 0) return { status: 'ready' };
    return reply.status(503).send({ status: 'unready', reasons });
  });
}
