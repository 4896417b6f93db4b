import type { FastifyInstance } from 'fastify';
import type { SandboxClock } from '../clock.js';
import type { CrmData } from '../data/SandboxData.js';
import { isoMillis } from '../data/time.js';
import { sendProductError } from '../server/productError.js';
import { jsonBody } from '../server/requestBody.js';
import type { HubSpotWebhooks } from './createHubSpotWebhooks.js';
import { readUpdateInput } from './crmInput.js';
import { CRM_OBJECT_INFO, serializeObject, tableOf } from './crmObjects.js';
import { contactExists, objectNotFound, validationError } from './hubspotErrors.js';

/**
 * `PATCH /crm/v3/objects/{contacts|companies}/{id}`: sets the given properties (an empty value
 * clears one) and answers the object with them, as HubSpot answers an update. Only values that
 * change count: they move the modification date and each makes one propertyChange event.
 */
export function registerUpdateRoutes(app: FastifyInstance, getData: () => CrmData, clock: SandboxClock, webhooks: HubSpotWebhooks): void {
  for (const type of ['contacts', 'companies'] as const) {
    app.patch<{ Params: { id: string } }>(`/crm/v3/objects/${type}/:id`, async (request, reply) => {
      const crm = getData();
      const body = jsonBody(request);
      if (!body.ok) return sendProductError(reply, validationError(`Invalid input JSON on line 1: ${body.error}`));
      const input = readUpdateInput(type, body.value);
      if (!input.ok) return sendProductError(reply, input.error);
      const table = tableOf(crm, type);
      const object = table.get(request.params.id);
      if (!object) return sendProductError(reply, objectNotFound());
      const email = type === 'contacts' ? input.properties.email : undefined;
      const [holder] = email ? crm.contacts.lookup('email', email) : [];
      if (holder && holder.id !== object.id) return sendProductError(reply, contactExists(holder.id));

      const changes = Object.fromEntries(Object.entries(input.properties).filter(([name, value]) => (object.properties[name] ?? null) !== value));
      let updated = object;
      if (Object.keys(changes).length > 0) {
        const stamp = isoMillis(clock.now());
        updated = table.put({ ...object, updatedAt: stamp, properties: { ...object.properties, ...changes, [CRM_OBJECT_INFO[type].modifiedProperty]: stamp } });
        webhooks.propertiesChanged(type, updated, changes);
      }
      return serializeObject(type, updated, Object.keys(input.properties));
    });
  }
}
