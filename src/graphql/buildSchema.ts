import { readdirSync, readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { applyAuthDirective } from './applyAuthDirective.js';
import { adminResolvers } from './resolvers/admin.js';
import { commonResolvers } from './resolvers/common.js';
import { customerMutationResolvers } from './resolvers/customerMutations.js';
import { orderMutationResolvers } from './resolvers/orderMutations.js';
import { paymentMutationResolvers } from './resolvers/paymentMutations.js';
import { crmResolvers } from './resolvers/crm.js';
import { einvoicingResolvers } from './resolvers/einvoicing.js';
import { erpResolvers } from './resolvers/erp.js';
import { paymentsResolvers } from './resolvers/payments.js';
import { pollingResolvers } from './resolvers/polling.js';
import { shippingResolvers } from './resolvers/shipping.js';
import { subscriptionResolvers } from './resolvers/subscriptions.js';
import { webhookResolvers } from './resolvers/webhooks.js';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

/** The SDL of every domain file in schema/, in a stable order. */
export function readTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(new URL(file, SCHEMA_DIR), 'utf8'));
}

export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: readTypeDefs(),
    resolvers: [
      commonResolvers,
      erpResolvers,
      crmResolvers,
      paymentsResolvers,
      shippingResolvers,
      customerMutationResolvers,
      orderMutationResolvers,
      paymentMutationResolvers,
      adminResolvers,
      pollingResolvers,
      webhookResolvers,
      subscriptionResolvers,
      einvoicingResolvers,
    ],
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  return applyAuthDirective(schema);
}
