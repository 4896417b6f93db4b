import { loadJSONSchemaSubgraph } from '@omnigraph/json-schema';
import { SANDBOX_CREDENTIALS } from '../../../src/sandbox/SandboxSystem.js';
import { PEER_URL_ENV } from '../peerEnv.js';
import { fromEnv, integer, list, object, text, type Schema } from './jsonSchema.js';

/** HubSpot's batch body: `{ inputs: [{ id }] }`, with the properties to return and what the ids are (`idProperty`). */
const batchInput = object('CrmBatchInput', {
  idProperty: text,
  properties: list(text),
  inputs: list(object('CrmBatchInputId', { id: text }, ['id'])),
});

const contactProperties = { email: text, firstname: text, lastname: text, lifecyclestage: text };
const companyProperties = { name: text, domain: text };
/** HubSpot returns only the properties asked for: those of the types. */
export const CONTACT_PROPERTIES = Object.keys(contactProperties);
export const COMPANY_PROPERTIES = Object.keys(companyProperties);

const contact = object('CrmContact', { id: text, properties: object('CrmContactProperties', contactProperties) });
const company = object('CrmCompany', { id: text, properties: object('CrmCompanyProperties', companyProperties) });

const association = object('CrmAssociation', {
  from: object('CrmAssociationFrom', { id: text }),
  to: list(
    object('CrmAssociationTo', {
      toObjectId: integer,
      associationTypes: list(object('CrmAssociationType', { category: text, typeId: integer, label: text })),
    }),
  ),
});

const batchRead = (field: string, path: string, answer: string, result: Schema, description: string) => ({
  type: 'Query' as const,
  field,
  description,
  path,
  method: 'POST' as const,
  requestSchema: batchInput,
  responseSchema: object(answer, { status: text, results: list(result) }),
});

/** HubSpot CRM v3 objects and v4 associations, read in batches (100 inputs a call). */
export const crmSource = loadJSONSchemaSubgraph('Crm', {
  endpoint: fromEnv(PEER_URL_ENV.crm),
  operationHeaders: { authorization: `Bearer ${SANDBOX_CREDENTIALS.crm.token}`, 'content-type': 'application/json' },
  operations: [
    batchRead('crmContacts', '/crm/v3/objects/contacts/batch/read', 'CrmContactBatch', contact, 'Contacts by id, or by email with idProperty "email"'),
    batchRead('crmCompanies', '/crm/v3/objects/companies/batch/read', 'CrmCompanyBatch', company, 'Companies by id'),
    batchRead('crmContactCompanies', '/crm/v4/associations/contacts/companies/batch/read', 'CrmAssociationBatch', association, "Each contact's companies"),
  ],
});
