import type { CrmData } from '../data/SandboxData.js';
import type { CrmObjectType } from './crmObjects.js';

/** HubSpot-defined association type ids for the primary contact/company link, per direction. */
const PRIMARY_TYPE_ID: Readonly<Record<CrmObjectType, number>> = { contacts: 1, companies: 2 };
const V3_TYPE_NAME: Readonly<Record<CrmObjectType, string>> = { contacts: 'contact_to_company', companies: 'company_to_contact' };

export interface AssociationTarget {
  toObjectId: number;
  associationTypes: { category: 'HUBSPOT_DEFINED'; typeId: number; label: string | null }[];
}

/** Ids of the `to` objects linked to one `from` object (contacts and companies link to each other). */
export function associatedIds(crm: CrmData, from: CrmObjectType, fromId: string): { id: string; primary: boolean }[] {
  const links = from === 'contacts' ? crm.associations.lookup('contactId', fromId) : crm.associations.lookup('companyId', fromId);
  return links
    .map((link) => ({ id: from === 'contacts' ? link.companyId : link.contactId, primary: link.primary }))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

export function v4Targets(crm: CrmData, from: CrmObjectType, fromId: string): AssociationTarget[] {
  return associatedIds(crm, from, fromId).map(({ id, primary }) => ({
    toObjectId: Number(id),
    associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: primary ? PRIMARY_TYPE_ID[from] : 279, label: primary ? 'Primary' : null }],
  }));
}

/** The v3 `associations` block a GET with `associations=companies` embeds. */
export function v3Associations(crm: CrmData, from: CrmObjectType, fromId: string): Record<string, { results: { id: string; type: string }[] }> {
  const to: CrmObjectType = from === 'contacts' ? 'companies' : 'contacts';
  const results = associatedIds(crm, from, fromId).map(({ id }) => ({ id, type: V3_TYPE_NAME[from] }));
  return results.length > 0 ? { [to]: { results } } : {};
}
