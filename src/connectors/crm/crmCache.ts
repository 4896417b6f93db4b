import { z } from 'zod';
import { cacheType } from '../core/cache/CacheType.js';
import type { CrmCompany, CrmContact, CrmOwner } from './types.js';

export const crmTags = {
  contact: (id: string) => `crm:contact:${id}`,
  /** Emails that had no contact: any new contact may be theirs (HubSpot's events name ids, not emails). */
  contactCreated: 'crm:contact:created',
  company: (id: string) => `crm:company:${id}`,
  companiesOfContact: (contactId: string) => `crm:contact-companies:${contactId}`,
  owners: 'crm:owners',
} as const;

const FRESH_SECONDS = 600;

export const CRM_CACHE = {
  contactByEmail: cacheType<string, CrmContact | null>({
    system: 'crm',
    name: 'contact',
    freshSeconds: FRESH_SECONDS,
    selective: true,
    keyOf: (email) => email.toLowerCase(),
    tagsOf: (_email, contact) => (contact ? [crmTags.contact(contact.id)] : [crmTags.contactCreated]),
  }),
  company: cacheType<string, CrmCompany | null>({ system: 'crm', name: 'company', freshSeconds: FRESH_SECONDS, selective: true, tagsOf: (id) => [crmTags.company(id)] }),
  companyIdOfContact: cacheType<string, string | null>({
    system: 'crm',
    name: 'contactCompany',
    freshSeconds: FRESH_SECONDS,
    tagsOf: (contactId) => [crmTags.companiesOfContact(contactId)],
  }),
  // HubSpot announces no change of owners (users): they stay as read for a while.
  owners: cacheType<'all', CrmOwner[]>({ system: 'crm', name: 'owners', freshSeconds: 600, announced: false, tagsOf: () => [crmTags.owners] }),
} as const;

const id = z.union([z.number(), z.string()]).transform(String);
const hubSpotEvent = z.looseObject({
  subscriptionType: z.string(),
  objectId: id.optional(),
  propertyName: z.string().optional(),
  fromObjectId: id.optional(),
  toObjectId: id.optional(),
  associationType: z.string().optional(),
  primaryObjectId: id.optional(),
  mergedObjectIds: z.array(id).optional(),
});

/** The tags one HubSpot webhook event (of a batch) changes. */
export function hubSpotChangeTags(body: unknown): string[] {
  const parsed = hubSpotEvent.safeParse(body);
  if (!parsed.success) return [];
  const event = parsed.data;
  const [object, change] = event.subscriptionType.split('.');
  const objectId = event.objectId;
  if (change === 'associationChange') {
    // One event per side: the contact's side names the contact first.
    const contactId = event.associationType?.startsWith('CONTACT_TO_') ? event.fromObjectId : event.associationType?.endsWith('_TO_CONTACT') ? event.toObjectId : undefined;
    return contactId ? [crmTags.companiesOfContact(contactId)] : [];
  }
  if (object === 'contact') {
    const merged = [...(event.mergedObjectIds ?? []), ...(event.primaryObjectId ? [event.primaryObjectId] : [])];
    const ids = [...(objectId ? [objectId] : []), ...merged];
    // A contact that now has an email (created, or the email changed) may answer an email that had none.
    const newEmail = change === 'creation' || change === 'restore' || change === 'merge' || (change === 'propertyChange' && event.propertyName === 'email');
    return [...ids.flatMap((contact) => [crmTags.contact(contact), crmTags.companiesOfContact(contact)]), ...(newEmail ? [crmTags.contactCreated] : [])];
  }
  if (object === 'company' && objectId) return [crmTags.company(objectId)];
  return [];
}
