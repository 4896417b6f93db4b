import type { Logger } from 'pino';
import type { Connectors } from '../connectors/createConnectors.js';
import type { Loaders } from './createLoaders.js';

/** What every resolver gets for one GraphQL request. */
export interface GatewayContext {
  readonly requestId: string;
  readonly log: Logger;
  readonly connectors: Connectors;
  readonly loaders: Loaders;
}
