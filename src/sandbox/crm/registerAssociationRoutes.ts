import type { FastifyInstance } from 'fastify';
import type { CrmData } from '../data/SandboxData.js';
import { sendProductError } from '../server/productError.js';
import type { AssociationTarget } from './crmAssociations.js';
import { defaultTypeId, v4Targets } from './crmAssociations.js';
import type { HubSpotWebhooks } from './createHubSpotWebhooks.js';
import { linkContactCompany } from './crmLinks.js';
import type { CrmObjectType } from './crmObjects.js';
import { CRM_OBJECT_INFO, tableOf } from './crmObjects.js';
import { objectNotFound } from './hubspotErrors.js';
import { readBatchInputs } from './readBatchInputs.js';

const PAIRS: readonly (readonly [CrmObjectType, CrmObjectType])[] = [['contacts', 'companies'], ['companies', 'contacts']];
/** The path parameter naming the `to` object, as HubSpot's docs spell these routes. */
const TO_PARAM: Readonly<Record<string, string>> = { companies: 'companyId', contacts: 'contactId' };
const BATCH_LIMIT = 1000;

/** HubSpot CRM v4 associations between contacts and companies: reads, and creating the default one. */
export function registerAssociationRoutes(app: FastifyInstance, getData: () => CrmData, webhooks: HubSpotWebhooks): void {
  for (const [from, to] of PAIRS) {
    app.get<{ Params: { id: string } }>(`/crm/v4/objects/${from}/:id/associations/${to}`, async (request, reply) => {
      const crm = getData();
      if (!tableOf(crm, from).has(request.params.id)) return sendProductError(reply, objectNotFound());
      return { results: v4Targets(crm, from, request.params.id, to) };
    });

    const toParam = TO_PARAM[to] as string;
    // The default association is the unlabeled one; HubSpot answers with both directions it created.
    app.put<{ Params: Record<string, string> }>(`/crm/v4/objects/${from}/:id/associations/default/${to}/:${toParam}`, async (request, reply) => {
      const startedAt = new Date().toISOString();
      const crm = getData();
      const fromId = request.params.id as string;
      const toId = request.params[toParam] as string;
      if (!tableOf(crm, from).has(fromId) || !tableOf(crm, to).has(toId)) return sendProductError(reply, objectNotFound());
      const added = from === 'contacts' ? linkContactCompany(crm, fromId, toId, false) : linkContactCompany(crm, toId, fromId, false);
      if (added) webhooks.associated(added);
      const spec = (source: CrmObjectType, target: CrmObjectType) => ({ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: defaultTypeId(source, target) });
      return {
        status: 'COMPLETE',
        results: [
          { from: { id: fromId }, to: { id: toId }, associationSpec: spec(from, to) },
          { from: { id: toId }, to: { id: fromId }, associationSpec: spec(to, from) },
        ],
        startedAt,
        completedAt: new Date().toISOString(),
      };
    });

    app.post(`/crm/v4/associations/${from}/${to}/batch/read`, async (request, reply) => {
      const startedAt = new Date().toISOString();
      const crm = getData();
      const batch = readBatchInputs(request, BATCH_LIMIT);
      if (!batch.ok) return sendProductError(reply, batch.error);
      const results: { from: { id: string }; to: AssociationTarget[] }[] = [];
      const missing: string[] = [];
      for (const id of batch.ids) {
        const targets = tableOf(crm, from).has(id) ? v4Targets(crm, from, id, to) : [];
        if (targets.length > 0) results.push({ from: { id }, to: targets });
        else missing.push(id);
      }
      const completedAt = new Date().toISOString();
      if (missing.length === 0) return { status: 'COMPLETE', results, startedAt, completedAt };
      // HubSpot reports inputs without associations (or that do not exist) as errors beside the results.
      const errors = missing.map((id) => ({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
        context: { fromObjectId: [id] },
        message: `No ${CRM_OBJECT_INFO[to].label.toLowerCase()} is associated with ${CRM_OBJECT_INFO[from].label.toLowerCase()} ${id}.`,
      }));
      return reply.code(207).send({ status: 'COMPLETE', results, numErrors: errors.length, errors, startedAt, completedAt });
    });
  }
}
