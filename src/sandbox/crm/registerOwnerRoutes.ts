import type { FastifyInstance } from 'fastify';
import type { CrmData } from '../data/SandboxData.js';
import { sendProductError } from '../server/productError.js';
import { intParam, originOf, queryOf, singleParam } from '../server/queryOf.js';
import { hubspotError, validationError } from './hubspotErrors.js';

/** HubSpot CRM owners (the users records are assigned to). */
export function registerOwnerRoutes(app: FastifyInstance, getData: () => CrmData): void {
  app.get('/crm/v3/owners', async (request, reply) => {
    const query = queryOf(request);
    const limit = intParam(query.limit, 1, 500);
    if (limit === null) return sendProductError(reply, validationError('limit must be an integer between 1 and 500.'));
    const email = singleParam(query.email)?.toLowerCase();
    const archived = singleParam(query.archived) === 'true';
    const owners = getData().owners.all()
      .filter((owner) => owner.archived === archived && (email === undefined || owner.email.toLowerCase() === email))
      .sort((a, b) => Number(a.id) - Number(b.id));
    const after = singleParam(query.after);
    const start = after === undefined ? 0 : Math.max(0, owners.findIndex((owner) => Number(owner.id) >= Number(after)));
    const pageSize = limit ?? 100;
    const results = owners.slice(start, start + pageSize);
    const next = owners[start + pageSize];
    if (!next) return { results };
    return { results, paging: { next: { after: next.id, link: `${originOf(request)}/crm/v3/owners?limit=${pageSize}&after=${next.id}` } } };
  });

  app.get<{ Params: { ownerId: string } }>('/crm/v3/owners/:ownerId', async (request, reply) => {
    const owner = getData().owners.get(request.params.ownerId);
    if (!owner) return sendProductError(reply, hubspotError(404, 'OBJECT_NOT_FOUND', `Owner ${request.params.ownerId} not found.`));
    return owner;
  });
}
