import type { FastifyInstance } from 'fastify';
import type { CrmData, CrmObject } from '../data/SandboxData.js';
import { sendProductError } from '../server/productError.js';
import { intParam, originOf, queryOf, singleParam } from '../server/queryOf.js';
import { v3Associations } from './crmAssociations.js';
import type { CrmObjectType } from './crmObjects.js';
import { CRM_OBJECT_INFO, CRM_OBJECT_TYPES, findObject, parsePropertyList, serializeObject, tableOf, withIdProperty } from './crmObjects.js';
import { objectNotFound, validationError } from './hubspotErrors.js';
import { readBatchInputs } from './readBatchInputs.js';

const BATCH_LIMIT = 100;
function checkIdProperty(type: CrmObjectType, idProperty: string | undefined) {
  if (idProperty === undefined || CRM_OBJECT_INFO[type].idProperties.includes(idProperty)) return undefined;
  return validationError(`Property "${idProperty}" cannot be used as idProperty: it is not a unique identifier property of ${type}.`);
}

function withAssociations(crm: CrmData, type: CrmObjectType, object: CrmObject, associations: string[] | undefined): Record<string, unknown> {
  return associations && associations.length > 0 ? { associations: v3Associations(crm, type, object.id, associations) } : {};
}

export function registerObjectRoutes(app: FastifyInstance, getData: () => CrmData): void {
  for (const type of CRM_OBJECT_TYPES) {
    app.get(`/crm/v3/objects/${type}`, async (request, reply) => {
      const crm = getData();
      const query = queryOf(request);
      const limit = intParam(query.limit, 1, 100);
      if (limit === null) return sendProductError(reply, validationError('limit must be an integer between 1 and 100.'));
      const pageSize = limit ?? 10;
      const after = singleParam(query.after);
      if (after !== undefined && !/^\d+$/.test(after)) return sendProductError(reply, validationError(`Invalid paging cursor: ${after}`));
      const properties = parsePropertyList(query.properties);
      const associations = parsePropertyList(query.associations);
      // HubSpot pages in id order.
      const rows = tableOf(crm, type).sorted('id', (a, b) => Number(a.id) - Number(b.id));
      // The cursor is the id of the first object of the next page.
      let start = 0;
      if (after !== undefined) {
        const cursor = Number(after);
        let low = 0;
        let high = rows.length;
        while (low < high) {
          const middle = (low + high) >> 1;
          if (Number((rows[middle] as CrmObject).id) < cursor) low = middle + 1;
          else high = middle;
        }
        start = low;
      }
      const page = rows.slice(start, start + pageSize);
      const next = rows[start + pageSize];
      const results = page.map((object) => ({ ...serializeObject(type, object, properties), ...withAssociations(crm, type, object, associations) }));
      if (!next) return { results };
      const link = new URL(`${originOf(request)}/crm/v3/objects/${type}`);
      for (const [key, value] of Object.entries(query)) if (key !== 'after') link.searchParams.set(key, String(value));
      link.searchParams.set('after', next.id);
      return { results, paging: { next: { after: next.id, link: link.toString() } } };
    });

    app.get<{ Params: { id: string } }>(`/crm/v3/objects/${type}/:id`, async (request, reply) => {
      const crm = getData();
      const query = queryOf(request);
      const idProperty = singleParam(query.idProperty);
      const invalid = checkIdProperty(type, idProperty);
      if (invalid) return sendProductError(reply, invalid);
      const object = findObject(crm, type, request.params.id, idProperty);
      if (!object) return sendProductError(reply, objectNotFound());
      const requested = withIdProperty(type, parsePropertyList(query.properties), idProperty);
      return { ...serializeObject(type, object, requested), ...withAssociations(crm, type, object, parsePropertyList(query.associations)) };
    });

    app.post(`/crm/v3/objects/${type}/batch/read`, async (request, reply) => {
      const startedAt = new Date().toISOString();
      const crm = getData();
      const batch = readBatchInputs(request, BATCH_LIMIT);
      if (!batch.ok) return sendProductError(reply, batch.error);
      const { body: input, ids } = batch;
      const idProperty = typeof input.idProperty === 'string' ? input.idProperty : undefined;
      const invalid = checkIdProperty(type, idProperty);
      if (invalid) return sendProductError(reply, invalid);
      const listed = Array.isArray(input.properties) ? input.properties.filter((name): name is string => typeof name === 'string') : [];
      const requested = withIdProperty(type, listed.length > 0 ? listed : undefined, idProperty);

      const results: Record<string, unknown>[] = [];
      const missing: string[] = [];
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        const object = findObject(crm, type, id, idProperty);
        if (object) results.push(serializeObject(type, object, requested));
        else missing.push(id);
      }
      const completedAt = new Date().toISOString();
      if (missing.length === 0) return { status: 'COMPLETE', results, startedAt, completedAt };
      // One error entry lists every missing id, as HubSpot's multi-status answers do.
      const error = {
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: `Could not get some ${CRM_OBJECT_INFO[type].label} objects, they may be deleted or not exist. Check that ids are valid.`,
        context: { ids: missing },
      };
      return reply.code(207).send({ status: 'COMPLETE', results, numErrors: 1, errors: [error], startedAt, completedAt });
    });
  }
}
