import type { JobQueue } from './createJobQueue.js';
import { deriveKey, type IdempotencyScope } from './deriveKey.js';
import type { FollowUpPayloads } from './followUps.js';

/** The follow-up ids of a new customer, one per system written after the request. */
export interface CustomerFollowUps {
  readonly crm: string;
  readonly payments: string;
}

/**
 * A new customer's CRM contact and Stripe customer, both as follow-ups on the queue (the bus only
 * announces `customer.created`). Their job keys derive from the request's idempotency key, so a
 * retried request names the same two jobs and each runs once.
 */
export async function enqueueCustomerFollowUps(
  queue: Pick<JobQueue, 'enqueue'>,
  scope: IdempotencyScope,
  customer: FollowUpPayloads['crm-create-contact'],
): Promise<CustomerFollowUps> {
  const crm = await queue.enqueue('crm-create-contact', customer, { jobKey: deriveKey(scope, 'crm-contact-job'), idempotencyKey: scope.key });
  const payments = await queue.enqueue(
    'payments-create-customer',
    { partnerId: customer.partnerId, email: customer.email, name: customer.name, stripeKey: deriveKey(scope, 'stripe-customer') },
    { jobKey: deriveKey(scope, 'stripe-customer-job'), idempotencyKey: scope.key },
  );
  return { crm, payments };
}
