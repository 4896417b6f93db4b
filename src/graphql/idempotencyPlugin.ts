import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { getDirective } from '@graphql-tools/utils';
import { GraphQLError, Kind, print, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import { ErrorCode } from '../errors/errorCatalogue.js';
import type { IdempotencyClaim } from '../reliability/createIdempotencyStore.js';
import type { GatewayContext } from './context.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** A request-level refusal with the HTTP status the IETF Idempotency-Key draft gives it. */
function refusal(status: number, error: GraphQLFormattedError): GraphQLResponse {
  return { http: { status, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors: [error] } } };
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName: 'idempotencyKey', http: { status: 400 } },
  });
}

/** JSON with object keys sorted, so the same variables always give the same fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, inner]) => inner !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The idempotency key of a mutation operation: from the `idempotencyKey` argument of its
 * @idempotent fields or the Idempotency-Key header; one key per operation.
 */
function keyOf(
  operation: OperationDefinitionNode,
  context: { schema: Parameters<typeof getDirective>[0]; variables: Record<string, unknown> | undefined; header: string | null },
): string | null {
  const mutationType = context.schema.getMutationType();
  const keys = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !mutationType) continue;
    const field = mutationType.getFields()[selection.name.value];
    if (!field) continue;
    const [directive] = getDirective(context.schema, field, 'idempotent') ?? [];
    if (!directive) continue;
    const argument = getArgumentValues(field, selection, context.variables).idempotencyKey as string | null | undefined;
    const key = argument ?? context.header;
    if (!key && directive.required === true) {
      throw badRequest(`${field.name} needs an idempotency key: pass idempotencyKey, or an Idempotency-Key header`);
    }
    if (key) keys.add(key);
  }
  if (keys.size > 1) throw badRequest('One idempotency key per request: send each keyed mutation in its own request');
  const [key] = keys;
  if (key !== undefined && !KEY_PATTERN.test(key)) throw badRequest('An idempotency key is 1 to 255 printable ASCII characters');
  return key ?? null;
}

/**
 * Records keyed mutations in the idempotency store around their execution. Claimed before any
 * resolver runs; the response is stored when it is final (success or a refusal), released when a
 * system failed transiently so that a retry can run again.
 */
export function idempotencyPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      let pending: IdempotencyClaim | null = null;
      let recordId: string | null = null;
      const store = contextValue.services.idempotency;

      return {
        async didResolveOperation({ operation, schema, request }) {
          if (operation?.operation !== 'mutation') return;
          const key = keyOf(operation, { schema, variables: request.variables, header: request.http?.headers.get('idempotency-key') ?? null });
          if (key === null) return;
          const fingerprint = createHash('sha256')
            .update(canonicalJson([operation.name?.value ?? null, print(operation), request.variables ?? {}]))
            .digest('hex');
          pending = { principalId: contextValue.principal.id, key, fingerprint, operationName: operation.name?.value ?? null };
        },

        async responseForOperation() {
          if (!pending) return null;
          let outcome;
          try {
            outcome = await store.claim(pending);
          } catch (error) {
            contextValue.log.error({ err: error }, 'idempotency store unavailable');
            return refusal(503, {
              message: 'The gateway cannot reach its database, so nothing was done. Retry with the same key.',
              extensions: { code: ErrorCode.STORAGE_UNAVAILABLE, retryable: true, retryAfter: 5 },
            });
          }
          switch (outcome.kind) {
            case 'claimed':
              recordId = outcome.recordId;
              contextValue.idempotency.scope = { principalId: pending.principalId, key: pending.key };
              return null;
            case 'replay': {
              const stored = JSON.parse(outcome.body) as Record<string, unknown>;
              return {
                http: { status: outcome.status, headers: new HeaderMap([['idempotent-replayed', 'true']]) },
                body: { kind: 'single', singleResult: { ...stored, extensions: { idempotentReplay: true } } },
              };
            }
            case 'reused':
              return refusal(422, {
                message: `The idempotency key "${pending.key}" was already used with a different request. Use a new key for a new request.`,
                extensions: { code: ErrorCode.IDEMPOTENCY_KEY_REUSED, retryable: false },
              });
            case 'in_progress':
              return refusal(409, {
                message: `A request with the idempotency key "${pending.key}" is still running. Retry after it finishes to get its result.`,
                extensions: { code: ErrorCode.IDEMPOTENCY_IN_PROGRESS, retryable: true, retryAfter: outcome.retryAfterSeconds },
              });
          }
        },

        async willSendResponse({ response }) {
          if (recordId === null) return;
          const id = recordId;
          recordId = null;
          const result = response.body.kind === 'single' ? response.body.singleResult : null;
          const transient =
            !result ||
            (result.errors ?? []).some(
              (error) => error.extensions?.retryable === true || error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR,
            );
          try {
            if (transient) await store.release(id);
            else await store.complete(id, { body: JSON.stringify({ data: result.data, errors: result.errors }), status: response.http.status ?? 200 });
          } catch (error) {
            // The claim's lease runs out on its own; a retry then takes it over.
            contextValue.log.error({ err: error, recordId: id }, 'could not settle the idempotency record');
          }
        },
      };
    },
  };
}
