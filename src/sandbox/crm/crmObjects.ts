import type { CrmData, CrmObject } from '../data/SandboxData.js';

export const CRM_OBJECT_TYPES = ['contacts', 'companies'] as const;
export type CrmObjectType = (typeof CRM_OBJECT_TYPES)[number];

interface ObjectTypeInfo {
  /** HubSpot's upper-case singular name, used in error messages. */
  label: 'CONTACT' | 'COMPANY';
  properties: readonly string[];
  defaultProperties: readonly string[];
  /** Unique properties usable as `idProperty`. */
  idProperties: readonly string[];
}

export const CRM_OBJECT_INFO: Readonly<Record<CrmObjectType, ObjectTypeInfo>> = {
  contacts: {
    label: 'CONTACT',
    properties: ['email', 'firstname', 'lastname', 'phone', 'company', 'lifecyclestage', 'hubspot_owner_id'],
    defaultProperties: ['email', 'firstname', 'lastname'],
    idProperties: ['hs_object_id', 'email'],
  },
  companies: {
    label: 'COMPANY',
    properties: ['name', 'domain', 'industry', 'city', 'country'],
    defaultProperties: ['name', 'domain'],
    idProperties: ['hs_object_id'],
  },
};

const ALWAYS = ['hs_object_id', 'createdate', 'lastmodifieddate'] as const;

/** `properties=a,b` and `properties=a&properties=b` both work in HubSpot. */
export function parsePropertyList(value: unknown): string[] | undefined {
  const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter(Boolean);
  return parts.length > 0 ? parts : undefined;
}

export function tableOf(crm: CrmData, type: CrmObjectType) {
  return type === 'contacts' ? crm.contacts : crm.companies;
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
 * property does not exist) plus the three HubSpot always adds.
 */
export function serializeObject(type: CrmObjectType, object: CrmObject, requested: readonly string[] | undefined): Record<string, unknown> {
  const known = CRM_OBJECT_INFO[type].properties;
  const names = requested ?? CRM_OBJECT_INFO[type].defaultProperties;
  const properties: Record<string, string | null> = {};
  for (const name of [...names, ...ALWAYS]) {
    if (known.includes(name) || (ALWAYS as readonly string[]).includes(name)) properties[name] = object.properties[name] ?? null;
  }
  return { id: object.id, properties, createdAt: object.createdAt, updatedAt: object.updatedAt, archived: object.archived };
}
