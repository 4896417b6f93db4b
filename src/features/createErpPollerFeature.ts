import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { ErpConnector } from '../connectors/erp/createErpConnector.js';
import { createErpChangePoller, type ErpChangePollerOptions } from '../integrations/polling/createErpChangePoller.js';
import type { Store } from '../store/createStore.js';
import type { Feature } from './Feature.js';

export interface ErpPollerFeature extends Feature {
  /** Polls every POLL_ERP_SECONDS from now on (0: never); called once the app is assembled. */
  start(): void;
}

/** Asks the ERP what it wrote (it announces nothing), once across instances, for every listener. */
export function createErpPollerFeature(deps: {
  config: Config;
  store: Store;
  erp: ErpConnector;
  logger: Logger;
  listeners: ErpChangePollerOptions['listeners'];
}): ErpPollerFeature {
  const poller = createErpChangePoller({
    prisma: deps.store.prisma,
    pool: deps.store.pool,
    schema: deps.store.schema,
    erp: deps.erp,
    listeners: deps.listeners,
    intervalSeconds: deps.config.polling.erpSeconds,
    logger: deps.logger,
  });
  return { start: () => poller.start(), close: () => poller.close() };
}
