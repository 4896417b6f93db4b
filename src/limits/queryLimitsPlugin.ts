import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { validate, type GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { GatewayContext } from '../graphql/context.js';
import { ErrorCode } from '../errors/errorCatalogue.js';
import { queryRefusal } from './limitErrors.js';
import { perDocument } from './perDocument.js';

export interface QueryLimitsPluginOptions {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /**
   * Enforced by graphql-js while parsing (Apollo's `parseOptions.maxTokens`); this plugin names the
   * refusal. graphql-armor's own token plugin throws from parsingDidStart, which Apollo Server 5
   * answers with HTTP 500.
   */
  readonly maxTokens: number;
}

/** graphql-js's message when `maxTokens` stops the parser (16.x spells it "more that"). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th[ae][nt] \d+ tokens/;

type Rejection = { readonly code: ErrorCode; readonly advice: string; readonly error: GraphQLError };

/**
 * Query shape limits from graphql-armor, each refused before execution with a code of its own
 * (HTTP 400). The rules run here rather than as Apollo validation rules because Apollo rewrites
 * every validation error's code to GRAPHQL_VALIDATION_FAILED.
 */
export function queryLimitsPlugin(options: QueryLimitsPluginOptions): ApolloServerPlugin<GatewayContext> {
  const rulesReportingTo = (rejections: Rejection[]): ValidationRule[] => {
    const reject = (code: ErrorCode, advice: string) => [(_: unknown, error: GraphQLError) => void rejections.push({ code, advice, error })];
    return [
      maxDepthRule({ n: options.maxDepth, propagateOnRejection: false, onReject: reject(ErrorCode.MAX_DEPTH_EXCEEDED, 'Fetch deeper data with a separate query.') }),
      maxAliasesRule({ n: options.maxAliases, propagateOnRejection: false, onReject: reject(ErrorCode.MAX_ALIASES_EXCEEDED, 'Use fewer aliases, or batch with list arguments.') }),
      maxDirectivesRule({ n: options.maxDirectives, propagateOnRejection: false, onReject: reject(ErrorCode.MAX_DIRECTIVES_EXCEEDED, 'Use fewer directives.') }),
    ];
  };

  // The limits count the document's own nodes, whatever the variables, so one check per document is enough.
  const checked = perDocument<Rejection | null>();
  const firstRejection = (schema: GraphQLSchema, document: DocumentNode) =>
    checked(schema, document, '', () => {
      const rejections: Rejection[] = [];
      validate(schema, document, rulesReportingTo(rejections));
      return rejections[0] ?? null;
    });

  return {
    async requestDidStart() {
      let tooManyTokens = false;
      return {
        async parsingDidStart() {
          return async (error) => {
            if (error && TOKEN_LIMIT.test(error.message)) tooManyTokens = true;
          };
        },

        async didResolveOperation({ document, schema }) {
          const first = firstRejection(schema, document);
          if (!first) return;
          // armor words its limits as syntax errors; the query parsed fine, so the prefix would mislead.
          const reason = first.error.message.replace(/^Syntax Error: /, '');
          throw queryRefusal(first.code, `${reason} ${first.advice}`);
        },

        async willSendResponse({ response }) {
          if (!tooManyTokens || response.body.kind !== 'single') return;
          response.body.singleResult.errors = response.body.singleResult.errors?.map((error) => ({
            ...error,
            message: `The document has more than ${options.maxTokens} tokens, the most the gateway parses. Split it into smaller operations.`,
            extensions: { ...error.extensions, code: ErrorCode.MAX_TOKENS_EXCEEDED },
          }));
        },
      };
    },
  };
}
