import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { BreakerRegistry } from '../../connectors/core/createBreakerRegistry.js';
import { SYSTEM_NAMES } from '../../connectors/core/UpstreamError.js';
import { GATEWAY_VERSION } from '../../version.js';

/** Each upstream system as the gateway sees it now: breaker state, recent error rate and latency. */
export function registerStatusRoute(app: FastifyInstance, config: Config, breakers: BreakerRegistry): void {
  const startedAt = Date.now();
  app.get('/status', async () => ({
    service: 'switchyard',
    version: GATEWAY_VERSION,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    sandbox: config.sandbox.enabled,
    systems: SYSTEM_NAMES.map((system) => {
      const snapshot = breakers.snapshot(system);
      return {
        name: system,
        baseUrl: config.systems[system].baseUrl ?? null,
        breaker: snapshot.state,
        openedAt: snapshot.openedAt?.toISOString() ?? null,
        window: {
          seconds: config.systems[system].resilience.breaker.rollingWindowMs / 1000,
          calls: snapshot.fires,
          failures: snapshot.failures,
          timeouts: snapshot.timeouts,
          rejected: snapshot.rejects,
          errorRate: Number(snapshot.errorRate.toFixed(4)),
        },
        latencyMs: { p50: snapshot.latencyP50Ms, p95: snapshot.latencyP95Ms },
      };
    }),
  }));
}
