import type { Connectors } from '../../connectors/createConnectors.js';
import { FOLLOW_UPS } from '../../reliability/followUps.js';
import { busFollowUpId } from './createBusConsumer.js';
import type { BusSubscription, EventBus } from './EventBus.js';

/** The consumer group that keeps the CRM's contacts in step with new customers. */
export const CRM_CONTACT_GROUP = 'crm-contact';

/** Where a new customer's CRM sync can be followed: its attempts and, if it fails for good, its dead letter. */
export const crmContactFollowUpId = (eventId: string) => busFollowUpId('customer.created', CRM_CONTACT_GROUP, eventId);

/**
 * CRM sync consumes from the bus: each `customer.created` upserts the CRM contact. This replaces the
 * `crm-create-contact` job createCustomer used to enqueue (the handler is the same, so an old
 * job's dead letter still replays), so the contact is written once, not once per path. The
 * upsert goes by email, so a redelivered event or a replayed dead letter changes nothing twice.
 */
export function subscribeCrmContactSync(bus: EventBus, connectors: Connectors): Promise<BusSubscription> {
  return bus.subscribe(
    'customer.created',
    (event, context) => FOLLOW_UPS['crm-create-contact'].run(connectors, context, event.data),
    { group: CRM_CONTACT_GROUP, system: 'crm' },
  );
}
