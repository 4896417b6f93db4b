import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.js';

/**
 * `extensions.stale`: for each system whose records were served past their freshness because it
 * failed, the age of the oldest one, so a client can tell an answer from yesterday from one of now.
 */
export function staleExtensionPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || contextValue.stale.size === 0) return;
          const stale = Object.fromEntries([...contextValue.stale].map(([system, ageMs]) => [system, { ageSeconds: Math.floor(ageMs / 1000) }]));
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, stale };
        },
      };
    },
  };
}
