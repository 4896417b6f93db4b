import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import type { LimitsContext } from './LimitsContext.js';
import type { RequestPolicy } from './createRequestPolicy.js';
import type { BucketState } from './LimiterStore.js';
import { measureActualCost } from './measureActualCost.js';
import { planFor, type Plans } from '../config/Plan.js';
import { queryCost } from './QueryCost.js';

export interface QueryCostPluginOptions {
  readonly policy: Pick<RequestPolicy, 'price' | 'charge' | 'costModel'>;
  readonly plans: Plans;
}

/**
 * The request policy's query cost over HTTP: every operation is priced before it runs (@cost /
 * @listSize) and refused above the plan's maxQueryCost (MAX_COST_EXCEEDED, 400) or above what the
 * principal's leaky bucket holds (THROTTLED, 429); after execution what the returned lists did not
 * use is given back. Every response reports `extensions.cost` as Shopify's API does.
 */
export function queryCostPlugin(options: QueryCostPluginOptions): ApolloServerPlugin<LimitsContext> {
  const { policy } = options;
  return {
    async serverWillStart({ schema }) {
      // A malformed @cost or @listSize stops start-up rather than the first request that meets it.
      policy.costModel(schema);
    },

    async requestDidStart({ contextValue }) {
      const { principal } = contextValue;
      const plan = planFor(options.plans, principal);
      let requested = 0;
      let charged = 0;
      let bucket: BucketState | undefined;

      return {
        async didResolveOperation({ document, operationName, request, schema }) {
          const priced = policy.price(principal, schema, document, operationName, request.variables);
          requested = priced.requested;
          if (priced.refusal) throw priced.refusal;
        },

        // Charged here rather than in didResolveOperation: this runs only once every plugin has let the
        // operation through, and before the idempotency plugin claims a key for it.
        async responseForOperation(): Promise<GraphQLResponse | null> {
          const charge = await policy.charge(principal, requested);
          bucket = charge.bucket;
          if (charge.allowed) {
            charged = requested;
            return null;
          }
          return {
            http: { status: 429, headers: new HeaderMap([['retry-after', String(charge.retryAfter)]]) },
            body: { kind: 'single', singleResult: { errors: [{ message: charge.error.message, extensions: charge.error.extensions }] } },
          };
        },

        async willSendResponse({ response, document, operation, schema }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // An idempotent replay is served from storage and calls no system, so it costs nothing.
          const replay = result.extensions?.idempotentReplay === true;
          const actual =
            charged > 0 && document && operation && !replay
              ? measureActualCost({ schema, model: policy.costModel(schema), document, operation, data: result.data })
              : 0;
          if (charged > actual) bucket = (await policy.charge(principal, actual - charged)).bucket;
          else if (!bucket) bucket = (await policy.charge(principal, 0)).bucket;
          if (!bucket) return;
          result.extensions = { ...result.extensions, cost: queryCost(plan, requested, actual, bucket) };
        },
      };
    },
  };
}
