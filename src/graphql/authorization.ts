import { GraphQLError } from 'graphql';
import type { AuditEntry } from '../auth/createAuditLog.js';
import type { AuthenticatedPrincipal, Principal, Role } from '../auth/Principal.js';
import { ErrorCode } from '../errors/errorCatalogue.js';
import type { GatewayContext } from './context.js';

function unauthenticated(): GraphQLError {
  return new GraphQLError(
    'This needs credentials: an API key (`Authorization: Bearer sy_…` or `x-api-key`) or a bearer token from the identity provider',
    { extensions: { code: ErrorCode.UNAUTHENTICATED } },
  );
}

/** The request's principal when it has at least `role` (ADMIN includes CLIENT); UNAUTHENTICATED or FORBIDDEN otherwise. */
export function requireRole(principal: Principal, role: Role): AuthenticatedPrincipal {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (role === 'ADMIN' && principal.role !== 'ADMIN') {
    throw new GraphQLError(`"${principal.name}" has role ${principal.role}; this needs ADMIN`, {
      extensions: { code: ErrorCode.FORBIDDEN },
    });
  }
  return principal;
}

/** The principal acting in an admin resolver, for the audit log; the @auth directive has already checked it. */
export function actorOf(context: GatewayContext): AuthenticatedPrincipal {
  return requireRole(context.principal, 'ADMIN');
}

/**
 * The customer (ERP partner id) a principal is limited to: an end user with a customer claim sees
 * only that customer; API keys, certificates and staff users without one are not limited (null).
 */
export function customerScopeOf(principal: Principal): number | null {
  return principal.kind === 'user' ? principal.customerId : null;
}

/** FORBIDDEN unless the principal may see or act for this customer. */
export function assertMayAccessCustomer(principal: Principal, partnerId: number | null, what: string): void {
  const scope = customerScopeOf(principal);
  if (scope !== null && scope !== partnerId) {
    throw new GraphQLError(`You can only see and act on your own customer's data: ${what} belongs to another customer`, {
      extensions: { code: ErrorCode.FORBIDDEN },
    });
  }
}

/** FORBIDDEN for end users: the operation is for servers and staff acting for any customer. */
export function assertNotEndUser(principal: Principal, what: string): void {
  if (principal.kind === 'user' && principal.customerId !== null) {
    throw new GraphQLError(`${what} is not available to end users`, { extensions: { code: ErrorCode.FORBIDDEN } });
  }
}

/** Writes an admin action to the audit log as done by the request's principal, with its request id. */
export async function auditAdminAction(context: GatewayContext, entry: Omit<AuditEntry, 'actorId' | 'requestId'>): Promise<void> {
  await context.services.audit.record({ ...entry, actorId: actorOf(context).id, requestId: context.requestId });
}
