import type { CrmData } from '../data/SandboxData.js';
import type { CrmObjectType } from './crmObjects.js';

type Pair = `${CrmObjectType}:${CrmObjectType}`;

/** HubSpot-defined type ids of the default (unlabeled) association, per direction. */
const DEFAULT_TYPE_ID: Readonly<Partial<Record<Pair, number>>> = {
  'contacts:companies': 279, 'companies:contacts': 280, 'notes:contacts': 202, 'contacts:notes': 201,
  'notes:companies': 190, 'companies:notes': 189,
};
/** The "Primary" label exists only between contacts and companies. */
const PRIMARY_TYPE_ID: Readonly<Partial<Record<Pair, number>>> = { 'contacts:companies': 1, 'companies:contacts': 2 };
const V3_TYPE_NAME: Readonly<Partial<Record<Pair, string>>> = {
  'contacts:companies': 'contact_to_company', 'companies:contacts': 'company_to_contact', 'notes:contacts': 'note_to_contact',
  'contacts:notes': 'contact_to_note', 'notes:companies': 'note_to_company', 'companies:notes': 'company_to_note',
};

export function defaultTypeId(from: CrmObjectType, to: CrmObjectType): number | undefined {
  return DEFAULT_TYPE_ID[`${from}:${to}`];
}

export function primaryTypeId(from: CrmObjectType, to: CrmObjectType): number | undefined {
  return PRIMARY_TYPE_ID[`${from}:${to}`];
}

export interface AssociationTarget {
  toObjectId: number;
  associationTypes: { category: 'HUBSPOT_DEFINED'; typeId: number; label: string | null }[];
}

/** Ids of the `to` objects linked to one `from` object, in id order. */
export function associatedIds(crm: CrmData, from: CrmObjectType, fromId: string, to: CrmObjectType): { id: string; primary: boolean }[] {
  let links: { id: string; primary: boolean }[] = [];
  if (from === 'notes') {
    links = crm.noteAssociations.lookup('noteId', fromId).filter((link) => link.toType === to).map((link) => ({ id: link.toId, primary: false }));
  } else if (to === 'notes') {
    links = crm.noteAssociations.lookup('target', `${from}:${fromId}`).map((link) => ({ id: link.noteId, primary: false }));
  } else if (from === 'contacts' && to === 'companies') {
    links = crm.associations.lookup('contactId', fromId).map((link) => ({ id: link.companyId, primary: link.primary }));
  } else if (from === 'companies' && to === 'contacts') {
    links = crm.associations.lookup('companyId', fromId).map((link) => ({ id: link.contactId, primary: link.primary }));
  }
  return links.sort((a, b) => Number(a.id) - Number(b.id));
}

export function v4Targets(crm: CrmData, from: CrmObjectType, fromId: string, to: CrmObjectType): AssociationTarget[] {
  const primary = primaryTypeId(from, to);
  return associatedIds(crm, from, fromId, to).map(({ id, primary: isPrimary }) => ({
    toObjectId: Number(id),
    associationTypes: [isPrimary && primary !== undefined
      ? { category: 'HUBSPOT_DEFINED', typeId: primary, label: 'Primary' }
      : { category: 'HUBSPOT_DEFINED', typeId: defaultTypeId(from, to) ?? 0, label: null }],
  }));
}

/** The v3 `associations` block a GET with `associations=companies,notes` embeds; empty kinds are left out. */
export function v3Associations(crm: CrmData, from: CrmObjectType, fromId: string, requested: readonly string[]): Record<string, { results: { id: string; type: string }[] }> {
  const out: Record<string, { results: { id: string; type: string }[] }> = {};
  for (const to of requested) {
    const type = V3_TYPE_NAME[`${from}:${to as CrmObjectType}`];
    if (!type) continue;
    const results = associatedIds(crm, from, fromId, to as CrmObjectType).map(({ id }) => ({ id, type }));
    if (results.length > 0) out[to] = { results };
  }
  return out;
}
