import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { BreakerRegistry, BreakerState } from '../connectors/core/createBreakerRegistry.js';
import type { CacheObserver } from '../connectors/core/cache/CacheObserver.js';
import type { BudgetObserver } from '../connectors/core/createUpstreamBudget.js';
import type { UpstreamObserver } from '../connectors/core/createUpstreamClient.js';
import type { WebhookObserver } from '../integrations/webhooks/WebhookObserver.js';
import type { RateLimitObserver } from '../limits/RateLimitObserver.js';
import type { QueueStat } from '../reliability/createJobQueue.js';
import { createLabelCap } from './createLabelCap.js';

/** What is read at scrape time rather than counted as it happens. */
export interface MetricsSources {
  readonly breakers: BreakerRegistry;
  readonly queueStats: () => Promise<readonly QueueStat[]>;
  readonly openDeadLetters: () => Promise<ReadonlyMap<string, number>>;
}

export interface Metrics {
  readonly contentType: string;
  readonly upstream: UpstreamObserver;
  readonly cache: CacheObserver;
  readonly budgets: BudgetObserver;
  readonly webhooks: WebhookObserver;
  readonly rateLimited: RateLimitObserver;
  /** One GraphQL request: its operation (null when none was resolved), outcome and duration. */
  graphqlRequest(operationName: string | null, outcome: string, seconds: number): void;
  /** Reads breaker, queue and dead-letter state on each scrape. */
  watch(sources: MetricsSources): void;
  /** The Prometheus text exposition of everything. */
  render(): Promise<string>;
}

export interface MetricsOptions {
  readonly logger: Logger;
  /** Distinct operation names counted before the rest share one label value. */
  readonly maxOperationNames?: number;
}

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half_open', 'open'];
const QUEUE_STATES = ['queued', 'active', 'retrying'] as const;
/** Upstream calls include retries with backoff, so their tail reaches well past a GraphQL request's. */
const GRAPHQL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Prometheus metrics of one gateway instance, on a registry of its own (never prom-client's global
 * one), so several apps in one process each expose only their own numbers.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // Clients choose operation names; without a cap each new name would be a new series forever.
  const operationLabel = createLabelCap(options.maxOperationNames ?? 200);
  const log = options.logger.child({ component: 'metrics' });

  const graphqlRequests = new Counter({
    name: 'switchyard_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, or the code of the first error)',
    labelNames: ['operation', 'outcome'] as const,
    registers,
  });
  const graphqlDuration = new Histogram({
    name: 'switchyard_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its response',
    labelNames: ['operation'] as const,
    buckets: GRAPHQL_BUCKETS,
    registers,
  });
  const upstreamCalls = new Counter({
    name: 'switchyard_upstream_calls_total',
    help: 'Calls to upstream systems by system, route template and outcome (ok, or the failure kind after retries)',
    labelNames: ['system', 'route', 'outcome'] as const,
    registers,
  });
  const upstreamDuration = new Histogram({
    name: 'switchyard_upstream_call_duration_seconds',
    help: 'Duration of one upstream call including its retries',
    labelNames: ['system', 'route'] as const,
    buckets: UPSTREAM_BUCKETS,
    registers,
  });
  const upstreamRetries = new Counter({
    name: 'switchyard_upstream_retries_total',
    help: 'Retried upstream attempts by system and route template',
    labelNames: ['system', 'route'] as const,
    registers,
  });
  const breakerOpens = new Counter({
    name: 'switchyard_circuit_breaker_opens_total',
    help: 'Times each system\'s circuit breaker opened',
    labelNames: ['system'] as const,
    registers,
  });
  const webhooksReceived = new Counter({
    name: 'switchyard_webhooks_received_total',
    help: 'Inbound webhook deliveries by source and outcome (accepted, duplicate, ignored, or the refusal code)',
    labelNames: ['source', 'outcome'] as const,
    registers,
  });
  const webhookDeliveries = new Counter({
    name: 'switchyard_webhook_deliveries_total',
    help: 'Outbound webhook delivery attempts by outcome',
    labelNames: ['outcome'] as const,
    registers,
  });
  const rateLimitRejections = new Counter({
    name: 'switchyard_rate_limit_rejections_total',
    help: 'Requests or fields refused for a plan\'s limit, by plan and limit (requests, cost, field)',
    labelNames: ['plan', 'limit'] as const,
    registers,
  });

  const cacheLookups = new Counter({
    name: 'switchyard_cache_lookups_total',
    help: 'Entity cache lookups by system, record type and result: hit (fresh), miss (read from the system), stale (served past freshness because the system failed)',
    labelNames: ['system', 'type', 'result'] as const,
    registers,
  });
  // Looked up on every loader batch of every request: each type's children are found once, not per call.
  const lookupChildren = new Map<string, Record<'hit' | 'miss' | 'stale', { inc(value: number): void }>>();
  const lookupsOf = (system: string, type: string) => {
    const key = `${system}.${type}`;
    let children = lookupChildren.get(key);
    if (!children) {
      const child = (result: string) => cacheLookups.labels({ system, type, result });
      lookupChildren.set(key, (children = { hit: child('hit'), miss: child('miss'), stale: child('stale') }));
    }
    return children;
  };
  const cacheInvalidations = new Counter({
    name: 'switchyard_cache_invalidations_total',
    help: 'Cache tags changed, by system and source (webhook:<source>, poll:erp, gateway for our own writes, instance for another instance\'s, admin)',
    labelNames: ['system', 'source'] as const,
    registers,
  });
  const budgetWaits = new Counter({
    name: 'switchyard_upstream_budget_waits_total',
    help: 'Upstream calls that waited for their system\'s outbound request budget',
    labelNames: ['system'] as const,
    registers,
  });
  const budgetWaitSeconds = new Counter({
    name: 'switchyard_upstream_budget_wait_seconds_total',
    help: 'Time upstream calls spent waiting for their system\'s budget',
    labelNames: ['system'] as const,
    registers,
  });
  const budgetRefusals = new Counter({
    name: 'switchyard_upstream_budget_refusals_total',
    help: 'Upstream calls of requests refused without being sent (RATE_LIMITED): the budget stayed spent past UPSTREAM_BUDGET_MAX_WAIT_MS',
    labelNames: ['system'] as const,
    registers,
  });

  let sources: MetricsSources | undefined;
  let unsubscribe: (() => void) | undefined;
  new Gauge({
    name: 'switchyard_circuit_breaker_state',
    help: 'Current state of each system\'s circuit breaker: 1 for the state it is in, 0 for the others',
    labelNames: ['system', 'state'] as const,
    registers,
    collect() {
      this.reset();
      for (const snapshot of sources?.breakers.snapshots() ?? []) {
        for (const state of BREAKER_STATES) this.set({ system: snapshot.system, state }, snapshot.state === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'switchyard_queue_jobs',
    help: 'Follow-up jobs waiting in the queue by kind and state (queued, active, retrying)',
    labelNames: ['kind', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      if (!sources) return;
      try {
        for (const stat of await sources.queueStats()) {
          for (const state of QUEUE_STATES) this.set({ kind: stat.kind, state }, stat[state]);
        }
      } catch (error) {
        // A scrape while the database is down still reports everything else.
        log.warn({ err: error }, 'queue statistics unavailable for this scrape');
      }
    },
  });
  new Gauge({
    name: 'switchyard_dead_letters_open',
    help: 'Dead letters waiting for an operator (open), by job kind',
    labelNames: ['kind'] as const,
    registers,
    async collect() {
      this.reset();
      if (!sources) return;
      try {
        const [stats, open] = await Promise.all([sources.queueStats(), sources.openDeadLetters()]);
        // Every follow-up kind appears, at 0 when it has none, so an alert sees the series before its first letter.
        for (const stat of stats) this.set({ kind: stat.kind }, 0);
        for (const [kind, count] of open) this.set({ kind }, count);
      } catch (error) {
        log.warn({ err: error }, 'dead-letter counts unavailable for this scrape');
      }
    },
  });

  return {
    contentType: registry.contentType,
    upstream: {
      retrying(call) {
        upstreamRetries.inc({ system: call.system, route: call.route });
      },
      finished(call, result) {
        upstreamCalls.inc({ system: call.system, route: call.route, outcome: result.outcome });
        upstreamDuration.observe({ system: call.system, route: call.route }, result.durationMs / 1000);
      },
    },
    cache: {
      looked(system, type, counts) {
        const children = lookupsOf(system, type);
        if (counts.hits > 0) children.hit.inc(counts.hits);
        if (counts.misses > 0) children.miss.inc(counts.misses);
        if (counts.stale > 0) children.stale.inc(counts.stale);
      },
      invalidated(system, source, tags) {
        cacheInvalidations.inc({ system, source }, tags);
      },
    },
    budgets: {
      waited(system, ms) {
        budgetWaits.inc({ system });
        budgetWaitSeconds.inc({ system }, ms / 1000);
      },
      refused(system) {
        budgetRefusals.inc({ system });
      },
    },
    webhooks: {
      received(source, outcome) {
        webhooksReceived.inc({ source, outcome });
      },
      delivered(outcome) {
        webhookDeliveries.inc({ outcome });
      },
    },
    rateLimited({ plan, limit }) {
      rateLimitRejections.inc({ plan, limit });
    },
    graphqlRequest(operationName, outcome, seconds) {
      const operation = operationLabel(operationName === null ? '(unresolved)' : operationName || '(anonymous)');
      graphqlRequests.inc({ operation, outcome });
      graphqlDuration.observe({ operation }, seconds);
    },
    watch(watched) {
      unsubscribe?.();
      sources = watched;
      unsubscribe = watched.breakers.onTransition((transition) => {
        if (transition.state === 'open') breakerOpens.inc({ system: transition.system });
      });
      // Zero from the start, so rate() over the counter works from the first opening.
      for (const snapshot of watched.breakers.snapshots()) breakerOpens.inc({ system: snapshot.system }, 0);
    },
    render: () => registry.metrics(),
  };
}
