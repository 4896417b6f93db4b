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

/**
 * /healthz: the process answers. /readyz: it should get traffic. An upstream system being down does
 * not make the gateway unready (it still answers with partial data); its own database does.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
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
