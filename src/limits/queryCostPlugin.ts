import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../graphql/context.js';
import { ErrorCode } from '../errors/errorCatalogue.js';
import { createCostModel, type CostModel } from './createCostModel.js';
import { estimateQueryCost } from './estimateQueryCost.js';
import type { BucketState, LimiterStore } from './LimiterStore.js';
import { queryRefusal, retryAfterSeconds } from './limitErrors.js';
import { measureActualCost } from './measureActualCost.js';
import { planBuckets } from './planBuckets.js';
import { perDocument } from './perDocument.js';
import { planFor, type Plans } from './Plan.js';
import { queryCost } from './QueryCost.js';
import type { RateLimitObserver } from './RateLimitObserver.js';

export interface QueryCostPluginOptions {
  readonly store: LimiterStore;
  readonly plans: Plans;
  readonly keyPrefix: string;
  readonly onRejected?: RateLimitObserver;
}

/** graphql-query-complexity's guard against fragment bombs, which it reports as a plain error. */
const TOO_MANY_NODES = /maximum allowed number of nodes/;

/**
 * Prices every operation before it runs (@cost / @listSize), refuses one above the plan's
 * maxQueryCost (MAX_COST_EXCEEDED, 400) or above what the principal's leaky bucket holds
 * (THROTTLED, 429), and after execution gives back what the returned lists did not use. Every
 * response reports `extensions.cost` as Shopify's API does.
 */
export function queryCostPlugin(options: QueryCostPluginOptions): ApolloServerPlugin<GatewayContext> {
  const models = new WeakMap<GraphQLSchema, CostModel>();
  const modelFor = (schema: GraphQLSchema): CostModel => {
    let model = models.get(schema);
    if (!model) models.set(schema, (model = createCostModel(schema)));
    return model;
  };
  // A query sent again with the same operation and variables costs the same: it is priced once.
  const priced = perDocument<number>();
  const estimate = (schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, variables?: Record<string, unknown>) =>
    priced(schema, document, `${operationName ?? ''}|${JSON.stringify(variables ?? {})}`, () =>
      estimateQueryCost({ schema, model: modelFor(schema), document, operationName, variables }),
    );

  return {
    async serverWillStart({ schema }) {
      // A malformed @cost or @listSize stops start-up rather than the first request that meets it.
      modelFor(schema);
    },

    async requestDidStart({ contextValue }) {
      const plan = planFor(options.plans, contextValue.principal);
      const buckets = planBuckets(options.keyPrefix, contextValue.principal, plan);
      let requested = 0;
      let charged = 0;
      let bucket: BucketState | undefined;

      return {
        async didResolveOperation({ document, operationName, request, schema }) {
          try {
            requested = estimate(schema, document, operationName, request.variables);
          } catch (error) {
            // Variables that do not fit the operation fail in execution with their own error, before any resolver.
            if (!(error instanceof GraphQLError) || !TOO_MANY_NODES.test(error.message)) return;
            throw queryRefusal(
              ErrorCode.MAX_COST_EXCEEDED,
              'The query has too many fields (with its fragments expanded) to be priced; split it into smaller queries.',
              { maxQueryCost: plan.cost.maxQueryCost },
            );
          }
          if (requested > plan.cost.maxQueryCost) {
            throw queryRefusal(
              ErrorCode.MAX_COST_EXCEEDED,
              `The query costs ${requested} points, above the ${plan.cost.maxQueryCost} one query may cost on the ${plan.name} plan. ` +
                'Ask for fewer items (a smaller `first`) or fewer nested lists.',
              { requestedQueryCost: requested, maxQueryCost: plan.cost.maxQueryCost },
            );
          }
        },

        // Charged here rather than in didResolveOperation: this runs only once every plugin has let the
        // operation through, and before the idempotency plugin claims a key for it.
        async responseForOperation(): Promise<GraphQLResponse | null> {
          const taken = await options.store.take([buckets.cost(requested)]);
          bucket = taken.buckets[0];
          if (taken.allowed) {
            charged = requested;
            return null;
          }
          const retryAfter = retryAfterSeconds(bucket?.retryAfterMs ?? 1000);
          options.onRejected?.({ plan: plan.name, limit: 'cost' });
          return {
            http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
            body: {
              kind: 'single',
              singleResult: {
                errors: [
                  {
                    message:
                      `The query costs ${requested} points and the ${plan.name} plan's budget holds ${bucket?.remaining ?? 0} now; ` +
                      `it restores ${plan.cost.restoreRate} points a second. Retry after ${retryAfter} s.`,
                    extensions: { code: ErrorCode.THROTTLED, retryable: true, retryAfter },
                  },
                ],
              },
            },
          };
        },

        async willSendResponse({ response, document, operation, schema }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // An idempotent replay is served from storage and calls no system, so it costs nothing.
          const replay = result.extensions?.idempotentReplay === true;
          const actual =
            charged > 0 && document && operation && !replay
              ? measureActualCost({ schema, model: modelFor(schema), document, operation, data: result.data })
              : 0;
          if (charged > actual) bucket = (await options.store.take([buckets.cost(actual - charged)])).buckets[0];
          else if (!bucket) bucket = (await options.store.take([buckets.cost(0)])).buckets[0];
          if (!bucket) return;
          result.extensions = { ...result.extensions, cost: queryCost(plan, requested, actual, bucket) };
        },
      };
    },
  };
}
