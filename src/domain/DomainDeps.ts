import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import type { ErpConnector } from '../connectors/erp/createErpConnector.js';
import type { PaymentsConnector } from '../connectors/payments/createPaymentsConnector.js';
import type { EventPublisher } from '../integrations/eventBus/EventBus.js';
import type { FollowUpEnqueuer } from './FollowUpEnqueuer.js';

/** Everything a domain function may use; each takes the part it needs. */
export interface DomainDeps {
  readonly erp: ErpConnector;
  readonly payments: PaymentsConnector;
  readonly followUps: FollowUpEnqueuer;
  readonly events: EventPublisher;
  /** The request the work is done for: its id, log and principal travel with every upstream call. */
  readonly call: CallContext;
}
