import type { Connectors } from '../connectors/createConnectors.js';
import type { EInvoiceJobs, FollowUpDeps, WebhookJobs } from './followUps.js';

/**
 * What follow-up handlers run with, read each time a job runs or a dead letter is replayed: the
 * connectors, and the jobs of integrations that add kinds of their own. Such an integration enqueues
 * into the queue these jobs run on, so it is built after the queue and registers its jobs as it is
 * built; the queue's workers start once the app is assembled, so no job runs before.
 */
export interface FollowUpRegistry extends FollowUpDeps {
  registerWebhookJobs(jobs: WebhookJobs): void;
  registerEInvoiceJobs(jobs: EInvoiceJobs): void;
}

export function createFollowUpRegistry(connectors: Connectors): FollowUpRegistry {
  let webhooks: WebhookJobs | undefined;
  let einvoices: EInvoiceJobs | undefined;
  return {
    ...connectors,
    get webhooks() {
      return webhooks;
    },
    get einvoices() {
      return einvoices;
    },
    registerWebhookJobs(jobs) {
      if (webhooks) throw new Error('Webhook jobs are already registered');
      webhooks = jobs;
    },
    registerEInvoiceJobs(jobs) {
      if (einvoices) throw new Error('E-invoice jobs are already registered');
      einvoices = jobs;
    },
  };
}
