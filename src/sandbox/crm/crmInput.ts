import type { CrmData } from '../data/SandboxData.js';
import { isoMillis } from '../data/time.js';
import type { ProductError } from '../server/productError.js';
import { isEmailAddress } from '../server/emailAddress.js';
import { isRecord } from '../server/requestBody.js';
import type { CrmObjectType } from './crmObjects.js';
import { CRM_OBJECT_INFO, CRM_OBJECT_TYPES, tableOf } from './crmObjects.js';
import { defaultTypeId, primaryTypeId } from './crmAssociations.js';
import type { AssociationInput } from './crmLinks.js';
import { validationError } from './hubspotErrors.js';

export type CreateInput =
  | { ok: true; properties: Record<string, string | null>; associations: AssociationInput[] }
  | { ok: false; error: ProductError };

export type PropertiesInput = { ok: true; properties: Record<string, string | null> } | { ok: false; error: ProductError };

/** HubSpot lists every invalid property of a write in one message, as a JSON array. */
function propertyError(name: string, error: string, message: string): ProductError {
  const detail = [{ isValid: false, message, error, name, localizedErrorMessage: message }];
  return validationError(`Property values were not valid: ${JSON.stringify(detail)}`);
}

const BODY_SHAPE = 'Invalid input JSON: the body must be { "properties": { ... } }.';

/** HubSpot sets these itself. */
const READ_ONLY = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_createdate', 'hs_lastmodifieddate']);
/** Internal property names are lower-case; anything else cannot name a property the portal defines. */
const PROPERTY_NAME = /^[a-z][a-z0-9_]*$/;

/** hs_timestamp takes epoch milliseconds or an ISO 8601 datetime. */
function timestamp(value: string): string | undefined {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(ms) ? undefined : isoMillis(ms);
}

/** Property values of a create or an update, checked and normalised alike. */
function readProperties(type: CrmObjectType, raw: unknown): PropertiesInput {
  if (!isRecord(raw)) return { ok: false, error: validationError('Invalid input JSON: "properties" must be an object of property values.') };
  const properties: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!PROPERTY_NAME.test(name)) return { ok: false, error: propertyError(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`) };
    if (READ_ONLY.has(name)) return { ok: false, error: propertyError(name, 'READ_ONLY_VALUE', `${name} is a read only property; its value cannot be set.`) };
    if (value !== null && typeof value === 'object') return { ok: false, error: propertyError(name, 'INVALID_PROPERTY_VALUE', `${JSON.stringify(value)} is not a valid value for ${name}.`) };
    // An empty value means "no value" to HubSpot.
    properties[name] = value === null || value === undefined || value === '' ? null : String(value);
  }
  const email = properties.email;
  if (type === 'contacts' && email) {
    if (!isEmailAddress(email)) return { ok: false, error: propertyError('email', 'INVALID_EMAIL', `Email address ${email} is invalid`) };
    properties.email = email.toLowerCase();
  }
  const stamp = type === 'notes' ? properties.hs_timestamp : undefined;
  if (stamp) {
    const normalized = timestamp(stamp);
    if (!normalized) return { ok: false, error: propertyError('hs_timestamp', 'INVALID_DATE', `${stamp} is not a valid date: use epoch milliseconds or ISO 8601`) };
    properties.hs_timestamp = normalized;
  }
  return { ok: true, properties };
}

/** The object type a HubSpot-defined association type id leads to from `from`. */
function targetOf(from: CrmObjectType, typeId: number): CrmObjectType | undefined {
  return CRM_OBJECT_TYPES.find((to) => defaultTypeId(from, to) === typeId || primaryTypeId(from, to) === typeId);
}

function readAssociations(crm: CrmData, from: CrmObjectType, raw: unknown): { ok: true; associations: AssociationInput[] } | { ok: false; error: ProductError } {
  if (raw === undefined) return { ok: true, associations: [] };
  if (!Array.isArray(raw)) return { ok: false, error: validationError('Invalid input JSON: "associations" must be a list of { "to": { "id" }, "types": [...] }.') };
  const associations: AssociationInput[] = [];
  for (const item of raw) {
    const toId = isRecord(item) && isRecord(item.to) ? item.to.id : undefined;
    const types = isRecord(item) && Array.isArray(item.types) ? item.types : undefined;
    if ((typeof toId !== 'string' && typeof toId !== 'number') || !types || types.length === 0) {
      return { ok: false, error: validationError('Invalid input JSON: every association needs "to": { "id" } and a non-empty "types" list.') };
    }
    for (const spec of types) {
      const typeId = isRecord(spec) ? spec.associationTypeId : undefined;
      const toType = isRecord(spec) && spec.associationCategory === 'HUBSPOT_DEFINED' && typeof typeId === 'number' ? targetOf(from, typeId) : undefined;
      if (!toType) {
        return { ok: false, error: validationError(`${JSON.stringify(spec)} is not a valid association type from ${CRM_OBJECT_INFO[from].label.toLowerCase()}s in this portal.`) };
      }
      if (!tableOf(crm, toType).has(String(toId))) {
        return { ok: false, error: validationError(`Cannot create the association: no ${CRM_OBJECT_INFO[toType].label.toLowerCase()} with id ${toId} exists.`, { subCategory: 'crm.associations.INVALID_OBJECT_IDS' }) };
      }
      associations.push({ toType, toId: String(toId), typeId: typeId as number });
    }
  }
  return { ok: true, associations };
}

/** The body of `POST /crm/v3/objects/{type}`: `{ properties, associations? }`, validated as HubSpot does. */
export function readCreateInput(crm: CrmData, type: CrmObjectType, body: unknown): CreateInput {
  if (!isRecord(body)) return { ok: false, error: validationError(BODY_SHAPE) };
  const properties = readProperties(type, body.properties ?? {});
  if (!properties.ok) return properties;
  if (type === 'notes' && !properties.properties.hs_timestamp) {
    return { ok: false, error: propertyError('hs_timestamp', 'REQUIRED_PROPERTY', 'hs_timestamp is required') };
  }
  const associations = readAssociations(crm, type, body.associations);
  if (!associations.ok) return associations;
  return { ok: true, properties: properties.properties, associations: associations.associations };
}

/** The body of `PATCH /crm/v3/objects/{type}/{id}`: `{ properties }`, the values checked as on creation. */
export function readUpdateInput(type: CrmObjectType, body: unknown): PropertiesInput {
  if (!isRecord(body) || body.properties === undefined) return { ok: false, error: validationError(BODY_SHAPE) };
  return readProperties(type, body.properties);
}
