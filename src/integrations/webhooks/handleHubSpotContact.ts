import { z } from 'zod';
import { ignored, type WebhookHandler } from './WebhookHandler.js';

const contactEvent = z.object({ objectId: z.union([z.number(), z.string()]).transform(String) });

/**
 * contact.creation / contact.propertyChange: the contact is read again from HubSpot (an event
 * names one property, and events arrive out of order), and the phone number, which the CRM owns,
 * is carried over to the customer's ERP partner. Name, address and VAT stay the ERP's.
 */
export const handleHubSpotContact: WebhookHandler = async (event, { connectors, context }) => {
  const parsed = contactEvent.safeParse(event.body);
  if (!parsed.success) return ignored('The event names no contact (objectId)');
  const [contact] = await connectors.crm.contactsById(context, [parsed.data.objectId]);
  if (!contact) return ignored(`HubSpot has no contact ${parsed.data.objectId} any more`);
  if (!contact.email) return ignored(`Contact ${contact.id} has no email, so no ERP customer to match`);
  const partners = await connectors.erp.partnersByEmail(context, [contact.email]);
  if (partners.length === 0) return ignored(`No ERP customer has the email of contact ${contact.id}`);
  for (const partner of partners) {
    if (contact.phone && contact.phone !== partner.phone) await connectors.erp.updatePartner(context, partner.id, { phone: contact.phone });
  }
  return { status: 'processed' };
};
