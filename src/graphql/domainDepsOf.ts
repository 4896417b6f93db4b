import type { DomainDeps } from '../domain/DomainDeps.js';
import type { GatewayContext } from './context.js';

/** The domain's dependencies for one GraphQL request; the context itself is the upstream calls' context. */
export function domainDepsOf(context: GatewayContext): DomainDeps {
  const { connectors, services } = context;
  return { erp: connectors.erp, payments: connectors.payments, followUps: services.followUps, events: services.events, call: context };
}
