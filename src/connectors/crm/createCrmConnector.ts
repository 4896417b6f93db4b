import { z } from 'zod';
import { batchInChunks } from '../core/batchInChunks.js';
import type { ConnectorDeps } from '../core/connectorDeps.js';
import type { CallContext, ErrorDescriber } from '../core/createUpstreamClient.js';
import { parseUpstreamBody } from '../core/parseUpstreamBody.js';
import { schemaPerItem } from '../core/schemaPerItem.js';
import { UpstreamError } from '../core/UpstreamError.js';
import type { CrmCompany, CrmContact, CrmOwner } from './types.js';

export interface CrmConnector {
  readonly system: 'crm';
  /** Contacts by email address (the ERP partner's email), null where the CRM has none. */
  contactsByEmail(context: CallContext, emails: readonly string[]): Promise<(CrmContact | null)[]>;
  /** Contacts by HubSpot id, null where there is none (deleted, say). */
  contactsById(context: CallContext, ids: readonly string[]): Promise<(CrmContact | null)[]>;
  companiesById(context: CallContext, ids: readonly string[]): Promise<(CrmCompany | null)[]>;
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
const CONTACT_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'lifecyclestage', 'hubspot_owner_id'];
const COMPANY_PROPERTIES = ['name', 'domain', 'industry', 'city'];

const property = z.string().nullish().transform((value) => (value === undefined || value === '' ? null : value));
const objectSchema = <S extends z.ZodRawShape>(properties: S) =>
  z.object({ id: z.string(), properties: z.object(properties) });

const contactSchema = objectSchema({
  email: property,
  firstname: property,
  lastname: property,
  phone: property,
  lifecyclestage: property,
  hubspot_owner_id: property,
}).transform(
  ({ id, properties: p }): CrmContact => ({
    id,
    email: p.email,
    firstName: p.firstname,
    lastName: p.lastname,
    phone: p.phone,
    lifecycleStage: p.lifecyclestage,
    ownerId: p.hubspot_owner_id,
  }),
);

const companySchema = objectSchema({ name: property, domain: property, industry: property, city: property }).transform(
  ({ id, properties: p }): CrmCompany => ({ id, name: p.name, domain: p.domain, industry: p.industry, city: p.city }),
);

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
export function createCrmConnector({ client }: ConnectorDeps<'crm'>): CrmConnector {
  async function batchRead<T>(
    context: CallContext,
    objectType: 'contacts' | 'companies',
    ids: string[],
    properties: string[],
    schema: z.ZodType<T>,
    idProperty?: string,
  ): Promise<T[]> {
    const response = await client.request(context, {
      method: 'POST',
      path: `crm/v3/objects/${objectType}/batch/read`,
      route: `POST /crm/v3/objects/${objectType}/batch/read`,
      json: { properties, ...(idProperty ? { idProperty } : {}), inputs: ids.map((id) => ({ id })) },
      idempotent: true,
    });
    return parseUpstreamBody('crm', batchSchema(schema), response.body, `a ${objectType} batch read`).results;
  }

  async function contactsByEmail(context: CallContext, emails: readonly string[]) {
    const contacts = await batchInChunks(emails, BATCH_SIZE, (chunk) =>
      batchRead(context, 'contacts', chunk, CONTACT_PROPERTIES, contactSchema, 'email'),
    );
    const byEmail = new Map(contacts.map((contact) => [contact.email?.toLowerCase(), contact]));
    return emails.map((email) => byEmail.get(email.toLowerCase()) ?? null);
  }

  return {
    system: 'crm',
    contactsByEmail,
    async contactsById(context, ids) {
      const contacts = await batchInChunks(ids, BATCH_SIZE, (chunk) => batchRead(context, 'contacts', chunk, CONTACT_PROPERTIES, contactSchema));
      const byId = new Map(contacts.map((contact) => [contact.id, contact]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    async companiesById(context, ids) {
      const companies = await batchInChunks(ids, BATCH_SIZE, (chunk) =>
        batchRead(context, 'companies', chunk, COMPANY_PROPERTIES, companySchema),
      );
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
        return parseUpstreamBody('crm', contactSchema, response.body, 'the created contact');
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
