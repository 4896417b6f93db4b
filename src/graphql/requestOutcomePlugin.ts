import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, isErrorCode } from '../errors/errorCatalogue.js';
import type { GatewayContext } from './context.js';

export interface RequestOutcomePluginOptions {
  /** Called once per request with its operation (null when none was resolved), outcome and duration. */
  readonly onOutcome?: (operationName: string | null, outcome: string, seconds: number) => void;
}

/**
 * Learns each operation's name as soon as it is resolved (upstream calls made while it executes log
 * it) and its outcome once the response is ready: `ok`, or the code of the first error, which
 * formatError has already narrowed to the catalogue.
 */
export function requestOutcomePlugin(options: RequestOutcomePluginOptions = {}): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      let operationName: string | null = null;
      return {
        async didResolveOperation({ operation }) {
          operationName = operation?.name?.value ?? '';
          contextValue.operationName = operationName || undefined;
          if (contextValue.facts) contextValue.facts.operationName = contextValue.operationName;
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const code = errors?.[0]?.extensions?.code;
          const outcome = !errors?.length ? 'ok' : isErrorCode(code) ? code : ErrorCode.INTERNAL_SERVER_ERROR;
          if (contextValue.facts) contextValue.facts.outcome = outcome;
          options.onOutcome?.(operationName, outcome, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
