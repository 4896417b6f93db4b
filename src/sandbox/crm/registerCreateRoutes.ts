import type { FastifyInstance } from 'fastify';
import type { SandboxClock } from '../clock.js';
import { nextSerial } from '../data/ids.js';
import type { CrmData, CrmObject } from '../data/SandboxData.js';
import { isoMillis } from '../data/time.js';
import { sendProductError } from '../server/productError.js';
import { jsonBody } from '../server/requestBody.js';
import type { HubSpotWebhooks } from './createHubSpotWebhooks.js';
import { readCreateInput } from './crmInput.js';
import { link } from './crmLinks.js';
import type { CrmObjectType } from './crmObjects.js';
import { CRM_OBJECT_INFO, CRM_OBJECT_TYPES, serializeObject, tableOf } from './crmObjects.js';
import { contactExists, validationError } from './hubspotErrors.js';

/** Notes are numbered apart from the seeded ids, so mixing up a note id and a contact id shows. */
const FIRST_ID: Readonly<Record<CrmObjectType, number>> = { contacts: 0, companies: 0, notes: 10_000 };

function createObject(crm: CrmData, type: CrmObjectType, properties: Record<string, string | null>, nowMs: number): CrmObject {
  const table = tableOf(crm, type);
  const id = String(nextSerial(table, FIRST_ID[type]));
  const stamp = isoMillis(nowMs);
  const info = CRM_OBJECT_INFO[type];
  const object: CrmObject = {
    id, createdAt: stamp, updatedAt: stamp, archived: false,
    properties: { ...properties, hs_object_id: id, [info.createdProperty]: stamp, [info.modifiedProperty]: stamp },
  };
  table.put(object);
  return object;
}

/** `POST /crm/v3/objects/{type}`: creates a contact, company or note, with its associations. */
export function registerCreateRoutes(app: FastifyInstance, getData: () => CrmData, clock: SandboxClock, webhooks: HubSpotWebhooks): void {
  for (const type of CRM_OBJECT_TYPES) {
    app.post(`/crm/v3/objects/${type}`, async (request, reply) => {
      const crm = getData();
      const body = jsonBody(request);
      if (!body.ok) return sendProductError(reply, validationError(`Invalid input JSON on line 1: ${body.error}`));
      const input = readCreateInput(crm, type, body.value);
      if (!input.ok) return sendProductError(reply, input.error);
      const email = type === 'contacts' ? input.properties.email : undefined;
      const [existing] = email ? crm.contacts.lookup('email', email) : [];
      if (existing) return sendProductError(reply, contactExists(existing.id));
      const object = createObject(crm, type, input.properties, clock.now());
      webhooks.created(type, object);
      for (const association of input.associations) {
        const added = link(crm, type, object.id, association);
        if (added) webhooks.associated(added);
      }
      return reply.code(201).send(serializeObject(type, object, Object.keys(input.properties)));
    });
  }
}
