import type { FastifyInstance } from 'fastify';
import type { CrmData } from '../data/SandboxData.js';
import { sendProductError } from '../server/productError.js';
import { jsonBody } from '../server/requestBody.js';
import { CRM_OBJECT_TYPES, serializeObject } from './crmObjects.js';
import { readSearchRequest, runSearch } from './crmSearch.js';
import { validationError } from './hubspotErrors.js';

/**
 * `POST /crm/v3/objects/{type}/search`. HubSpot indexes writes for search a few seconds late;
 * the sandbox indexes them at once, so a client that searches right after a write sees it.
 */
export function registerSearchRoutes(app: FastifyInstance, getData: () => CrmData): void {
  for (const type of CRM_OBJECT_TYPES) {
    app.post(`/crm/v3/objects/${type}/search`, async (request, reply) => {
      const body = jsonBody(request);
      if (!body.ok) return sendProductError(reply, validationError(`Invalid input JSON on line 1: ${body.error}`));
      const parsed = readSearchRequest(body.value);
      if (!parsed.ok) return sendProductError(reply, parsed.error);
      const { limit, after, properties } = parsed.request;
      const { total, rows } = runSearch(getData(), type, parsed.request);
      const results = rows.slice(after, after + limit).map((object) => serializeObject(type, object, properties));
      const next = after + limit < total ? { paging: { next: { after: String(after + limit) } } } : {};
      return { total, results, ...next };
    });
  }
}
