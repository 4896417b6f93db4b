/** How /metrics is documented, for a metrics route that declares no schema of its own. */
export const METRICS_ROUTE_DOCS = {
  tags: ['operations'],
  summary: 'Prometheus metrics',
  description:
    'Prometheus text exposition format: GraphQL requests by operation and outcome, upstream calls by system and route, ' +
    'retries, breaker states, queue depth, dead letters, webhook deliveries and rate-limit rejections. ' +
    'May require basic auth or an admin key, depending on the configuration.',
  security: [{}, { apiKey: [] }, { bearer: [] }],
  response: {
    200: {
      description: 'The metrics',
      content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } },
    },
  },
} as const;
