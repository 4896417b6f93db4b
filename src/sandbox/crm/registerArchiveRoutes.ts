import type { FastifyInstance } from 'fastify';
import type { CrmData } from '../data/SandboxData.js';
import type { HubSpotWebhooks } from './createHubSpotWebhooks.js';

/** Archiving moves the contact to HubSpot's recycle bin: no read, search or association finds it any more. */
function archiveContact(crm: CrmData, id: string): boolean {
  if (!crm.contacts.delete(id)) return false;
  for (const link of crm.associations.lookup('contactId', id)) crm.associations.delete(link.key);
  for (const link of crm.noteAssociations.lookup('target', `contacts:${id}`)) crm.noteAssociations.delete(link.key);
  return true;
}

/** `DELETE /crm/v3/objects/contacts/{id}`: HubSpot answers 204 whether or not the contact existed. */
export function registerArchiveRoutes(app: FastifyInstance, getData: () => CrmData, webhooks: HubSpotWebhooks): void {
  app.delete<{ Params: { id: string } }>('/crm/v3/objects/contacts/:id', async (request, reply) => {
    if (archiveContact(getData(), request.params.id)) webhooks.deleted('contacts', request.params.id);
    return reply.code(204).send();
  });
}
