import type { JWTPayload } from 'jose';
import { InvalidTokenError } from './InvalidTokenError.js';
import type { JwtConfig } from '../config/jwtConfig.js';
import type { Principal } from './Principal.js';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

function rolesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((role): role is string => typeof role === 'string');
  // OAuth2 scopes and some IdPs put roles in one space-separated string.
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

function customerIdOf(value: unknown, claim: string): number | null {
  if (value === undefined || value === null) return null;
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return id;
  throw new InvalidTokenError(`The token's "${claim}" claim must be a customer (ERP partner) id, a positive integer`);
}

/** The end user a verified token stands for; roles, plan and customer come from the configured claims. */
export function userPrincipalOf(payload: JWTPayload, config: JwtConfig): UserPrincipal {
  const subject = payload.sub ?? '';
  const plan = payload[config.claims.plan];
  const name = [payload.name, payload.client_id, subject].find((value): value is string => typeof value === 'string' && value !== '');
  return {
    kind: 'user',
    // Prefixed so that no token subject can take the id (and idempotency scope) of an API key.
    id: `user:${subject}`,
    name: name ?? subject,
    role: rolesOf(payload[config.claims.roles]).includes(config.adminRole) ? 'ADMIN' : 'CLIENT',
    plan: typeof plan === 'string' && plan !== '' ? plan : config.defaultPlan,
    customerId: customerIdOf(payload[config.claims.customerId], config.claims.customerId),
  };
}
