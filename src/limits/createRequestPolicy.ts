import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Principal } from '../auth/Principal.js';
import { ErrorCode } from '../errors/errorCatalogue.js';
import { createCostModel, type CostModel } from './createCostModel.js';
import { createQueryShapeCheck, isTokenLimitError, tooManyTokens, type QueryShapeLimits } from './createQueryShapeCheck.js';
import { createTrustedDocuments, type DocumentChoice, type TrustedDocumentsOptions } from './createTrustedDocuments.js';
import { estimateQueryCost } from './estimateQueryCost.js';
import type { BucketSpec, BucketState, LimiterStore } from './LimiterStore.js';
import { queryRefusal, retryAfterSeconds } from './limitErrors.js';
import { perDocument } from './perDocument.js';
import { costVariables } from './costVariables.js';
import { planBuckets } from './planBuckets.js';
import { planFor, type Plan, type Plans } from '../config/Plan.js';
import { queryCost, type QueryCost } from './QueryCost.js';
import { rateLimitHeaders } from './rateLimitHeaders.js';
import type { RateLimitObserver } from './RateLimitObserver.js';

export interface RequestPolicyOptions {
  readonly store: LimiterStore;
  readonly plans: Plans;
  readonly keyPrefix: string;
  readonly query: QueryShapeLimits;
  readonly trustedDocuments: TrustedDocumentsOptions;
  readonly onRejected?: RateLimitObserver;
}

/** A request counted against the plan's minute, hour and day windows, with the RateLimit headers that describe them. */
export type RequestAdmission =
  | { readonly allowed: true; readonly headers: Readonly<Record<string, string>> }
  | {
      readonly allowed: false;
      readonly headers: Readonly<Record<string, string>>;
      /** RATE_LIMITED with retryAfter and the window that refused (`policy`). */
      readonly error: GraphQLError;
      readonly retryAfter: number;
      /** The query-cost budget as it stands, for `extensions.cost`. */
      readonly cost: QueryCost | undefined;
    };

/** Query-cost points taken from the plan's budget, or the THROTTLED refusal when it holds too few. */
export type CostCharge =
  | { readonly allowed: true; readonly bucket: BucketState | undefined }
  | { readonly allowed: false; readonly bucket: BucketState | undefined; readonly error: GraphQLError; readonly retryAfter: number };

export interface OperationRequest {
  readonly principal: Principal;
  readonly schema: GraphQLSchema;
  readonly query: string;
  readonly extensions: Readonly<Record<string, unknown>> | null | undefined;
  readonly operationName: string | null | undefined;
  readonly variables: Readonly<Record<string, unknown>> | null | undefined;
  /** A rule of the transport itself (graphql-ws serves only subscriptions), checked before anything is charged. */
  readonly checkOperation?: (operation: OperationDefinitionNode | null | undefined) => GraphQLError | null;
}

export type OperationAdmission =
  | { readonly outcome: 'admitted'; readonly document: DocumentNode }
  | { readonly outcome: 'refused'; readonly errors: readonly GraphQLError[] };

/**
 * What every GraphQL request must pass, whatever carries it: the plan's request windows, trusted
 * documents, the token, depth, alias and directive limits, the query-cost estimate against the
 * plan's maximum, and the plan's cost budget. HTTP runs each step at its place in Apollo's request
 * lifecycle (an onRequest hook and plugins); graphql-ws, which has no such lifecycle, runs them all
 * at once through admitOperation. Either way the refusals are these errors, with the same codes.
 */
export interface RequestPolicy {
  /** For the parser: graphql-js stops at this many tokens. */
  readonly parseOptions: { readonly maxTokens: number };
  admitRequest(principal: Principal): Promise<RequestAdmission>;
  documentFor(principal: Principal, request: { readonly query?: string | undefined; readonly extensions?: Readonly<Record<string, unknown>> | null | undefined }): DocumentChoice;
  /** MAX_TOKENS_EXCEEDED for a parse error that is graphql-js's token limit; null for any other error. */
  tokenLimitRefusal(error: { readonly message: string }): GraphQLError | null;
  checkShape(schema: GraphQLSchema, document: DocumentNode): GraphQLError | null;
  /**
   * The operation's estimated cost, with MAX_COST_EXCEEDED when it is above the plan's maximum or too
   * large to price. Variables that do not fit the operation price it at 0: execution refuses them with
   * their own error before any resolver.
   */
  price(
    principal: Principal,
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName?: string | null,
    variables?: Readonly<Record<string, unknown>> | null,
  ): { readonly requested: number; readonly refusal: GraphQLError | null };
  /** Takes `units` from the plan's cost budget; negative gives them back, 0 only reads it. */
  charge(principal: Principal, units: number): Promise<CostCharge>;
  costModel(schema: GraphQLSchema): CostModel;
  /** Every step above, in HTTP's order, for an operation that arrives outside Apollo. */
  admitOperation(request: OperationRequest): Promise<OperationAdmission>;
}

/** graphql-query-complexity's guard against fragment bombs, which it reports as a plain error. */
const TOO_MANY_NODES = /maximum allowed number of nodes/;

/**
 * When the next unit comes back: the bucket is full `resetMs` from now and refills one unit per
 * interval, so the next unit is due that long minus the intervals of the units still missing after it.
 */
function secondsUntilNextUnit(spec: BucketSpec, state: BucketState): number | undefined {
  if (state.resetMs <= 0 || state.remaining >= spec.capacity) return undefined;
  const missingAfterNext = spec.capacity - state.remaining - 1;
  const nextMs = Math.min(spec.intervalMs, Math.max(0, state.resetMs - missingAfterNext * spec.intervalMs));
  return Math.max(1, Math.ceil(nextMs / 1000));
}

/** Apollo's codes for a document that does not parse or validate, so both transports say the same. */
const requestError = (error: GraphQLError, code: typeof ErrorCode.GRAPHQL_PARSE_FAILED | typeof ErrorCode.GRAPHQL_VALIDATION_FAILED) =>
  new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });

export function createRequestPolicy(options: RequestPolicyOptions): RequestPolicy {
  const { store } = options;
  const checkShape = createQueryShapeCheck(options.query);
  const trustedDocuments = createTrustedDocuments(options.trustedDocuments);
  const bucketsOf = (principal: Principal) => {
    const plan = planFor(options.plans, principal);
    return { plan, buckets: planBuckets(options.keyPrefix, principal, plan) };
  };

  const models = new WeakMap<GraphQLSchema, CostModel>();
  const costModel = (schema: GraphQLSchema): CostModel => {
    let model = models.get(schema);
    if (!model) models.set(schema, (model = createCostModel(schema)));
    return model;
  };
  // A query sent again with the same operation and cost-relevant variables costs the same: it is priced once.
  const priced = perDocument<number>();

  const tooCostly = (plan: Plan, requested: number) =>
    queryRefusal(
      ErrorCode.MAX_COST_EXCEEDED,
      `The query costs ${requested} points, above the ${plan.cost.maxQueryCost} one query may cost on the ${plan.name} plan. ` +
        'Ask for fewer items (a smaller `first`) or fewer nested lists.',
      { requestedQueryCost: requested, maxQueryCost: plan.cost.maxQueryCost },
    );

  const policy: RequestPolicy = {
    parseOptions: { maxTokens: options.query.maxTokens },

    async admitRequest(principal) {
      const { plan, buckets } = bucketsOf(principal);
      const { allowed, buckets: states } = await store.take([...buckets.requests, buckets.cost(0)]);
      const windows = buckets.windows.map((window, i) => ({
        window,
        state: states[i] ?? { remaining: window.quota, resetMs: 0, retryAfterMs: 0 },
      }));
      const headers = rateLimitHeaders(
        windows.map(({ window, state }, i) => ({
          name: window.name,
          quota: window.quota,
          windowSeconds: window.seconds,
          remaining: state.remaining,
          nextSeconds: secondsUntilNextUnit(buckets.requests[i]!, state),
        })),
      );
      if (allowed) return { allowed, headers };
      options.onRejected?.({ plan: plan.name, limit: 'requests' });
      const binding = windows.reduce((worst, candidate) => (candidate.state.retryAfterMs > worst.state.retryAfterMs ? candidate : worst));
      const retryAfter = retryAfterSeconds(binding.state.retryAfterMs);
      const costState = states[windows.length];
      const error = new GraphQLError(
        `Rate limit reached: the ${plan.name} plan allows ${binding.window.quota} requests per ${binding.window.name}. Retry after ${retryAfter} s.`,
        { extensions: { code: ErrorCode.RATE_LIMITED, retryable: true, retryAfter, policy: binding.window.name } },
      );
      return { allowed, headers, error, retryAfter, cost: costState && queryCost(plan, 0, 0, costState) };
    },

    documentFor: (principal, request) => trustedDocuments.choose(principal, request),

    tokenLimitRefusal: (error) => (isTokenLimitError(error) ? tooManyTokens(options.query.maxTokens) : null),

    checkShape,

    price(principal, schema, document, operationName, variables) {
      const { plan } = bucketsOf(principal);
      let requested: number;
      try {
        requested = priced(schema, document, `${operationName ?? ''}|${JSON.stringify(costVariables(document, variables))}`, () =>
          estimateQueryCost({ schema, model: costModel(schema), document, operationName, variables: variables ?? undefined }),
        );
      } catch (error) {
        if (!(error instanceof GraphQLError) || !TOO_MANY_NODES.test(error.message)) return { requested: 0, refusal: null };
        const refusal = queryRefusal(
          ErrorCode.MAX_COST_EXCEEDED,
          'The query has too many fields (with its fragments expanded) to be priced; split it into smaller queries.',
          { maxQueryCost: plan.cost.maxQueryCost },
        );
        return { requested: 0, refusal };
      }
      return { requested, refusal: requested > plan.cost.maxQueryCost ? tooCostly(plan, requested) : null };
    },

    async charge(principal, units) {
      const { plan, buckets } = bucketsOf(principal);
      const taken = await store.take([buckets.cost(units)]);
      const bucket = taken.buckets[0];
      if (taken.allowed) return { allowed: true, bucket };
      options.onRejected?.({ plan: plan.name, limit: 'cost' });
      const retryAfter = retryAfterSeconds(bucket?.retryAfterMs ?? 1000);
      const error = new GraphQLError(
        `The query costs ${units} points and the ${plan.name} plan's budget holds ${bucket?.remaining ?? 0} now; ` +
          `it restores ${plan.cost.restoreRate} points a second. Retry after ${retryAfter} s.`,
        { extensions: { code: ErrorCode.THROTTLED, retryable: true, retryAfter } },
      );
      return { allowed: false, bucket, error, retryAfter };
    },

    costModel,

    async admitOperation(request) {
      const refused = (...errors: GraphQLError[]): OperationAdmission => ({ outcome: 'refused', errors });
      const { principal, schema } = request;
      const admission = await policy.admitRequest(principal);
      if (!admission.allowed) return refused(admission.error);
      const choice = policy.documentFor(principal, request);
      if (choice.outcome === 'refused') return refused(choice.error);
      const text = choice.outcome === 'registered' ? choice.text : request.query;
      let document: DocumentNode;
      try {
        document = parse(text, policy.parseOptions);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return refused(policy.tokenLimitRefusal(error) ?? requestError(error, ErrorCode.GRAPHQL_PARSE_FAILED));
      }
      const invalid = validate(schema, document);
      if (invalid.length > 0) return refused(...invalid.map((error) => requestError(error, ErrorCode.GRAPHQL_VALIDATION_FAILED)));
      const shape = policy.checkShape(schema, document);
      if (shape) return refused(shape);
      const wrongOperation = request.checkOperation?.(getOperationAST(document, request.operationName));
      if (wrongOperation) return refused(wrongOperation);
      const { requested, refusal } = policy.price(principal, schema, document, request.operationName, request.variables);
      if (refusal) return refused(refusal);
      const charged = await policy.charge(principal, requested);
      return charged.allowed ? { outcome: 'admitted', document } : refused(charged.error);
    },
  };
  return policy;
}
