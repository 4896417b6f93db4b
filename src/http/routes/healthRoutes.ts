import type { FastifyInstance } from 'fastify';

/** Where the process is in its life; readiness follows from it. */
export type Phase = 'starting' | 'ready' | 'draining' | 'stopped';

export interface HealthOptions {
  readonly phase: () => Phase;
}

const NOT_READY_REASONS: Record<Exclude<Phase, 'ready'>, string> = {
  starting: 'the gateway is still starting',
  draining: 'the gateway is shutting down and finishing in-flight requests',
  stopped: 'the gateway has stopped',
};

/**
 * /healthz: the process answers. /readyz: it should get traffic. An upstream being down does not make
 * the gateway unready: it still answers with partial data, which is the point of it.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const phase = options.phase();
    if (phase === 'ready') return { status: 'ready' };
    return reply.status(503).send({ status: 'unready', reasons: [NOT_READY_REASONS[phase]] });
  });
}
