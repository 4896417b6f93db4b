import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { ErrorCode } from '../errors/errorCatalogue.js';
import { queryRefusal } from './limitErrors.js';
import { perDocument } from './perDocument.js';

export interface QueryShapeLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /** Enforced by graphql-js while parsing (`parse(text, { maxTokens })`); see isTokenLimitError. */
  readonly maxTokens: number;
}

export interface QueryShapeCheck {
  /** The first shape limit the document breaks, as a refusal with its own code (HTTP 400); null when none. */
  (schema: GraphQLSchema, document: DocumentNode): GraphQLError | null;
}

type Rejection = { readonly code: ErrorCode; readonly advice: string; readonly error: GraphQLError };

/** graphql-js's message when `maxTokens` stops the parser (16.x spells it "more that"). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th[ae][nt] \d+ tokens/;

/** Whether graphql-js stopped parsing at the token limit, which it reports as a plain syntax error. */
export const isTokenLimitError = (error: { readonly message: string }): boolean => TOKEN_LIMIT.test(error.message);

/** What a client is told for a document over the token limit, wherever it was parsed. */
export function tooManyTokens(maxTokens: number): GraphQLError {
  return queryRefusal(
    ErrorCode.MAX_TOKENS_EXCEEDED,
    `The document has more than ${maxTokens} tokens, the most the gateway parses. Split it into smaller operations.`,
  );
}

/**
 * Query shape limits from graphql-armor. The rules run as a check of their own rather than as
 * validation rules of a server because Apollo rewrites every validation error's code to
 * GRAPHQL_VALIDATION_FAILED, and a client should be able to tell depth from aliases.
 */
export function createQueryShapeCheck(limits: QueryShapeLimits): QueryShapeCheck {
  const rulesReportingTo = (rejections: Rejection[]): ValidationRule[] => {
    const reject = (code: ErrorCode, advice: string) => [(_: unknown, error: GraphQLError) => void rejections.push({ code, advice, error })];
    return [
      maxDepthRule({ n: limits.maxDepth, propagateOnRejection: false, onReject: reject(ErrorCode.MAX_DEPTH_EXCEEDED, 'Fetch deeper data with a separate query.') }),
      maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: reject(ErrorCode.MAX_ALIASES_EXCEEDED, 'Use fewer aliases, or batch with list arguments.') }),
      maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false, onReject: reject(ErrorCode.MAX_DIRECTIVES_EXCEEDED, 'Use fewer directives.') }),
    ];
  };

  // The limits count the document's own nodes, whatever the variables, so one check per document is
  // enough. What is remembered is the finding: each refusal is a new error, as Apollo annotates the ones it is given.
  const checked = perDocument<{ readonly code: ErrorCode; readonly message: string } | null>();
  return (schema, document) => {
    const found = checked(schema, document, '', () => {
      const rejections: Rejection[] = [];
      validate(schema, document, rulesReportingTo(rejections));
      const first = rejections[0];
      // armor words its limits as syntax errors; the query parsed fine, so the prefix would mislead.
      return first ? { code: first.code, message: `${first.error.message.replace(/^Syntax Error: /, '')} ${first.advice}` } : null;
    });
    return found && queryRefusal(found.code, found.message);
  };
}
