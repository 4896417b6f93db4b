import type { CrmAssociation, CrmData } from '../data/SandboxData.js';
import type { CrmObjectType } from './crmObjects.js';
import { primaryTypeId } from './crmAssociations.js';

/**
 * Links a contact and a company. A contact has at most one primary company: asking for the
 * Primary label moves it here, and a contact's first company becomes primary on its own, as
 * every seeded contact has one. Answers the association when it is new (HubSpot reports those
 * to webhooks), undefined when the two were linked already.
 */
export function linkContactCompany(crm: CrmData, contactId: string, companyId: string, asPrimary: boolean): CrmAssociation | undefined {
  const links = crm.associations.lookup('contactId', contactId);
  const existing = links.find((link) => link.companyId === companyId);
  const primary = asPrimary || existing?.primary === true || !links.some((link) => link.primary);
  if (asPrimary) {
    for (const link of links) if (link.primary && link.companyId !== companyId) crm.associations.put({ ...link, primary: false });
  }
  const association = crm.associations.put({ key: `${contactId}:${companyId}`, contactId, companyId, primary });
  return existing ? undefined : association;
}

export function linkNote(crm: CrmData, noteId: string, toType: 'contacts' | 'companies', toId: string): void {
  crm.noteAssociations.put({ key: `${noteId}:${toType}:${toId}`, noteId, toType, toId });
}

export interface AssociationInput {
  toType: CrmObjectType;
  toId: string;
  typeId: number;
}

/**
 * Records one association of a newly created object, in whichever table holds that pair. Answers
 * a new contact–company association, as linkContactCompany does.
 */
export function link(crm: CrmData, from: CrmObjectType, fromId: string, association: AssociationInput): CrmAssociation | undefined {
  const { toType, toId, typeId } = association;
  if (from === 'notes' && toType !== 'notes') linkNote(crm, fromId, toType, toId);
  else if (from === 'contacts' && toType === 'companies') return linkContactCompany(crm, fromId, toId, typeId === primaryTypeId(from, toType));
  else if (from === 'companies' && toType === 'contacts') return linkContactCompany(crm, toId, fromId, typeId === primaryTypeId(from, toType));
  return undefined;
}
