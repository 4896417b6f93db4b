import { z } from 'zod';
import { batchInChunks } from '../core/batchInChunks.js';
import type { ConnectorDeps } from '../core/connectorDeps.js';
import type { CallContext, ErrorDescriber } from '../core/createUpstreamClient.js';
import { parseUpstreamBody } from '../core/parseUpstreamBody.js';
import { schemaPerItem } from '../core/schemaPerItem.js';
import { UpstreamError } from '../core/UpstreamError.js';
import { attribute as a, recordShape, type Attributes, type Envelope, type Projection, type Wanted } from '../core/recordShape.js';
import { crmTags } from './crmCache.js';
import type { CrmCompany, CrmContact, CrmOwner } from './types.js';

export interface CrmConnector {
  readonly system: 'crm';
  /** Contacts by email address (the ERP partner's email), null where the CRM has none. */
  contactsByEmail(context: CallContext, emails: readonly string[], wanted?: Wanted): Promise<(CrmContact | null)[]>;
  /** Contacts by HubSpot id, null where there is none (deleted, say). */
  contactsById(context: CallContext, ids: readonly string[], wanted?: Wanted): Promise<(CrmContact | null)[]>;
  companiesById(context: CallContext, ids: readonly string[], wanted?: Wanted): Promise<(CrmCompany | null)[]>;
  /** The primary company of each contact (or its first association), null where it has none. */
  primaryCompanyIds(context: CallContext, contactIds: readonly string[]): Promise<(string | null)[]>;
  owners(context: CallContext): Promise<CrmOwner[]>;
  /** Creates the contact, or returns the one that already has this email (HubSpot refuses duplicates). */
  upsertContact(context: CallContext, contact: NewContact): Promise<CrmContact>;
  /** Adds a note to a contact once per key: a note already carrying the key is returned instead. */
  addNoteOnce(context: CallContext, note: NewNote): Promise<{ id: string; created: boolean }>;
}

export interface NewContact {
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly company: string | null;
}

export interface NewNote {
  readonly contactId: string;
  readonly body: string;
  readonly idempotencyKey: string;
}

/** Custom note property holding our key; HubSpot has no idempotency keys of its own. */
export const NOTE_KEY_PROPERTY = 'switchyard_idempotency_key';
/** HubSpot's association type id for note → contact. */
const NOTE_TO_CONTACT = 202;

/** HubSpot's limit for batch endpoints. */
const BATCH_SIZE = 100;

const property = z.string().nullish().transform((value) => (value === undefined || value === '' ? null : value));

/** HubSpot keeps everything but the id in `properties`, and returns only the properties asked for. */
const hubSpotObject: Envelope = ({ id, ...properties }) =>
  z.object({ id: id ?? z.string(), properties: z.object(properties) }).transform((object) => ({ ...object.properties, id: object.id }));

const hubSpotShape = <T>(attributes: Attributes<T>) =>
  recordShape(attributes, { always: ['id' as keyof T & string], envelope: hubSpotObject });

export const contactShape = hubSpotShape<CrmContact>({
  id: a('id', z.string()),
  email: a('email', property),
  firstName: a('firstname', property),
  lastName: a('lastname', property),
  phone: a('phone', property),
  lifecycleStage: a('lifecyclestage', property),
  ownerId: a('hubspot_owner_id', property),
});

export const companyShape = hubSpotShape<CrmCompany>({
  id: a('id', z.string()),
  name: a('name', property),
  domain: a('domain', property),
  industry: a('industry', property),
  city: a('city', property),
});

/** HubSpot's `properties`: every field of the projection but the id, which is not a property. */
const propertiesOf = (projection: Projection<unknown>) => projection.fields.filter((field) => field !== 'id');

/** 200 when every input was found, 207 with `errors` for the missing ones: both carry `results`. */
const batchSchema = schemaPerItem(<T>(item: z.ZodType<T>) => z.object({ results: z.array(item) }));

const associationsSchema = z.object({
  results: z.array(
    z.object({
      from: z.object({ id: z.string() }),
      to: z.array(
        z.object({
          toObjectId: z.union([z.number(), z.string()]).transform(String),
          associationTypes: z.array(z.object({ label: z.string().nullish() })).default([]),
        }),
      ),
    }),
  ),
});

const searchSchema = z.object({ total: z.number(), results: z.array(z.object({ id: z.string() })) });
const createdSchema = z.object({ id: z.string() });

const ownersSchema = z.object({
  results: z.array(
    z.object({ id: z.string(), email: property, firstName: property, lastName: property }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }) }).optional(),
});

export const describeHubSpotError: ErrorDescriber = (status, body) => {
  const parsed = z.object({ message: z.string(), category: z.string().optional(), errorType: z.string().optional() }).safeParse(body);
  if (!parsed.success) return { message: `HTTP ${status}` };
  return { message: parsed.data.message, code: parsed.data.category ?? parsed.data.errorType };
};

/** HubSpot CRM v3 objects and v4 associations, read in batches of 100. */
export function createCrmConnector({ client, changed }: ConnectorDeps<'crm'>): CrmConnector {
  async function batchRead<T>(
    context: CallContext,
    objectType: 'contacts' | 'companies',
    ids: string[],
    projection: Projection<T>,
    idProperty?: string,
  ): Promise<T[]> {
    const response = await client.request(context, {
      method: 'POST',
      path: `crm/v3/objects/${objectType}/batch/read`,
      route: `POST /crm/v3/objects/${objectType}/batch/read`,
      json: { properties: propertiesOf(projection), ...(idProperty ? { idProperty } : {}), inputs: ids.map((id) => ({ id })) },
      idempotent: true,
    });
    return parseUpstreamBody('crm', batchSchema(projection.record), response.body, `a ${objectType} batch read`).results;
  }

  async function contactsByEmail(context: CallContext, emails: readonly string[], wanted?: Wanted) {
    // The email matches each answer to its input.
    const projection = contactShape.project(wanted && [...wanted, 'email']);
    const contacts = await batchInChunks(emails, BATCH_SIZE, (chunk) => batchRead(context, 'contacts', chunk, projection, 'email'));
    const byEmail = new Map(contacts.map((contact) => [contact.email?.toLowerCase(), contact]));
    return emails.map((email) => byEmail.get(email.toLowerCase()) ?? null);
  }

  return {
    system: 'crm',
    contactsByEmail,
    async contactsById(context, ids, wanted) {
      const projection = contactShape.project(wanted);
      const contacts = await batchInChunks(ids, BATCH_SIZE, (chunk) => batchRead(context, 'contacts', chunk, projection));
      const byId = new Map(contacts.map((contact) => [contact.id, contact]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    async companiesById(context, ids, wanted) {
      const projection = companyShape.project(wanted);
      const companies = await batchInChunks(ids, BATCH_SIZE, (chunk) => batchRead(context, 'companies', chunk, projection));
      const byId = new Map(companies.map((company) => [company.id, company]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    async primaryCompanyIds(context, contactIds) {
      const rows = await batchInChunks(contactIds, BATCH_SIZE, async (chunk) => {
        const response = await client.request(context, {
          method: 'POST',
          path: 'crm/v4/associations/contacts/companies/batch/read',
          route: 'POST /crm/v4/associations/contacts/companies/batch/read',
          json: { inputs: chunk.map((id) => ({ id })) },
          idempotent: true,
        });
        return parseUpstreamBody('crm', associationsSchema, response.body, 'a contact-company association read').results;
      });
      const companyOf = new Map(
        rows.map((row) => {
          const primary = row.to.find((to) => to.associationTypes.some((type) => type.label === 'Primary')) ?? row.to[0];
          return [row.from.id, primary?.toObjectId ?? null];
        }),
      );
      return contactIds.map((id) => companyOf.get(id) ?? null);
    },
    async owners(context) {
      const owners: CrmOwner[] = [];
      let after: string | undefined;
      do {
        const searchParams = new URLSearchParams({ limit: '100', ...(after ? { after } : {}) });
        const response = await client.request(context, {
          method: 'GET',
          path: 'crm/v3/owners',
          route: 'GET /crm/v3/owners',
          searchParams,
          idempotent: true,
        });
        const page = parseUpstreamBody('crm', ownersSchema, response.body, 'the owner list');
        owners.push(...page.results);
        after = page.paging?.next.after;
      } while (after);
      return owners;
    },
    async upsertContact(context, contact) {
      try {
        const response = await client.request(context, {
          method: 'POST',
          path: 'crm/v3/objects/contacts',
          route: 'POST /crm/v3/objects/contacts',
          json: {
            properties: {
              email: contact.email,
              firstname: contact.firstName ?? '',
              lastname: contact.lastName ?? '',
              phone: contact.phone ?? '',
              company: contact.company ?? '',
              lifecyclestage: 'customer',
            },
          },
          // A repeated creation is refused by HubSpot (409 on the email), so a retry cannot duplicate.
          idempotent: true,
        });
        const created = parseUpstreamBody('crm', contactShape.project().record, response.body, 'the created contact');
        await changed([crmTags.contact(created.id), crmTags.contactCreated]);
        return created;
      } catch (error) {
        if (!(error instanceof UpstreamError && error.status === 409)) throw error;
        const [existing] = await contactsByEmail(context, [contact.email]);
        if (!existing) throw error;
        return existing;
      }
    },
    async addNoteOnce(context, note) {
      const found = await client.request(context, {
        method: 'POST',
        path: 'crm/v3/objects/notes/search',
        route: 'POST /crm/v3/objects/notes/search',
        json: {
          filterGroups: [{ filters: [{ propertyName: NOTE_KEY_PROPERTY, operator: 'EQ', value: note.idempotencyKey }] }],
          properties: [NOTE_KEY_PROPERTY],
          limit: 1,
        },
        idempotent: true,
      });
      const existing = parseUpstreamBody('crm', searchSchema, found.body, 'a note search').results[0];
      if (existing) return { id: existing.id, created: false };
      const response = await client.request(context, {
        method: 'POST',
        path: 'crm/v3/objects/notes',
        route: 'POST /crm/v3/objects/notes',
        json: {
          properties: { hs_timestamp: new Date().toISOString(), hs_note_body: note.body, [NOTE_KEY_PROPERTY]: note.idempotencyKey },
          associations: [
            { to: { id: note.contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }] },
          ],
        },
        // Not retried here: the job that calls this searches by key again before its next attempt.
        idempotent: false,
      });
      return { id: parseUpstreamBody('crm', createdSchema, response.body, 'the created note').id, created: true };
    },
  };
}
