import type { CrmData, CrmObject } from '../data/SandboxData.js';

export const CRM_OBJECT_TYPES = ['contacts', 'companies', 'notes'] as const;
export type CrmObjectType = (typeof CRM_OBJECT_TYPES)[number];

interface ObjectTypeInfo {
  /** HubSpot's upper-case singular name, used in error messages. */
  label: 'CONTACT' | 'COMPANY' | 'NOTE';
  properties: readonly string[];
  defaultProperties: readonly string[];
  /** Unique properties usable as `idProperty`. */
  idProperties: readonly string[];
  /** Properties HubSpot returns on every read and sets itself (engagements name theirs hs_…). */
  always: readonly string[];
  createdProperty: string;
  modifiedProperty: string;
}

export const CRM_OBJECT_INFO: Readonly<Record<CrmObjectType, ObjectTypeInfo>> = {
  contacts: {
    label: 'CONTACT',
    properties: ['email', 'firstname', 'lastname', 'phone', 'company', 'lifecyclestage', 'hubspot_owner_id'],
    defaultProperties: ['email', 'firstname', 'lastname'],
    idProperties: ['hs_object_id', 'email'],
    always: ['hs_object_id', 'createdate', 'lastmodifieddate'],
    createdProperty: 'createdate',
    modifiedProperty: 'lastmodifieddate',
  },
  companies: {
    label: 'COMPANY',
    properties: ['name', 'domain', 'industry', 'city', 'country'],
    defaultProperties: ['name', 'domain'],
    idProperties: ['hs_object_id'],
    always: ['hs_object_id', 'createdate', 'lastmodifieddate'],
    createdProperty: 'createdate',
    modifiedProperty: 'lastmodifieddate',
  },
  notes: {
    label: 'NOTE',
    properties: ['hs_timestamp', 'hs_note_body', 'hubspot_owner_id', 'hs_attachment_ids'],
    defaultProperties: [],
    idProperties: ['hs_object_id'],
    always: ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'],
    createdProperty: 'hs_createdate',
    modifiedProperty: 'hs_lastmodifieddate',
  },
};

/** `properties=a,b` and `properties=a&properties=b` both work in HubSpot. */
export function parsePropertyList(value: unknown): string[] | undefined {
  const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter(Boolean);
  return parts.length > 0 ? parts : undefined;
}

export function tableOf(crm: CrmData, type: CrmObjectType) {
  return crm[type];
}

/** Finds an object by id or by a unique property such as email. */
export function findObject(crm: CrmData, type: CrmObjectType, id: string, idProperty: string | undefined): CrmObject | undefined {
  if (idProperty === 'email' && type === 'contacts') return crm.contacts.lookup('email', id.toLowerCase())[0];
  return tableOf(crm, type).get(id);
}

/** The properties to return: the requested ones (or the defaults), plus the idProperty used to find the object. */
export function withIdProperty(type: CrmObjectType, requested: string[] | undefined, idProperty: string | undefined): string[] | undefined {
  if (!idProperty || idProperty === 'hs_object_id') return requested;
  return [...(requested ?? CRM_OBJECT_INFO[type].defaultProperties), idProperty];
}

/**
 * The object as HubSpot returns it: the requested properties (null when empty, omitted when the
 * property does not exist) plus the ones HubSpot always adds. A property a client set through the
 * API exists, as it would only have been accepted had the portal defined it.
 */
export function serializeObject(type: CrmObjectType, object: CrmObject, requested: readonly string[] | undefined): Record<string, unknown> {
  const info = CRM_OBJECT_INFO[type];
  const names = requested ?? info.defaultProperties;
  const properties: Record<string, string | null> = {};
  for (const name of [...names, ...info.always]) {
    if (info.properties.includes(name) || info.always.includes(name) || name in object.properties) properties[name] = object.properties[name] ?? null;
  }
  return { id: object.id, properties, createdAt: object.createdAt, updatedAt: object.updatedAt, archived: object.archived };
}
