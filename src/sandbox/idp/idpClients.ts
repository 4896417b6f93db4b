/** The OAuth2 grants the sandbox identity provider implements. */
export type GrantType = 'client_credentials' | 'refresh_token';

/** A registered client and the user (or service) its tokens stand for. */
export interface IdpClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly grants: readonly GrantType[];
  /** Space-separated scopes the client may ask for; its tokens carry all of them by default. */
  readonly scope: string;
  readonly subject: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly plan: string;
  /** ERP partner id of the user's customer; null for staff and servers acting for every customer. */
  readonly customerId: number | null;
}

/**
 * Seeded clients, fixed so tests and docs can name them. A real web app would use the authorization
 * code flow; the sandbox hands its user's tokens out for client credentials, with a refresh token.
 */
export const SANDBOX_IDP_CLIENTS = Object.freeze({
  webApp: Object.freeze({
    clientId: 'sandbox-web-app',
    clientSecret: 'sandbox-web-app-secret',
    grants: Object.freeze(['client_credentials', 'refresh_token'] as const),
    scope: 'graphql offline_access',
    subject: 'user-customer-1',
    name: 'Ada (customer 1)',
    roles: Object.freeze(['customer']),
    plan: 'pro',
    customerId: 1,
  }),
  opsConsole: Object.freeze({
    clientId: 'sandbox-ops-console',
    clientSecret: 'sandbox-ops-console-secret',
    grants: Object.freeze(['client_credentials', 'refresh_token'] as const),
    scope: 'graphql offline_access',
    subject: 'staff-ops-1',
    name: 'Grace (ops staff)',
    roles: Object.freeze(['admin']),
    plan: 'enterprise',
    customerId: null,
  }),
  server: Object.freeze({
    clientId: 'sandbox-server',
    clientSecret: 'sandbox-server-secret',
    grants: Object.freeze(['client_credentials'] as const),
    scope: 'graphql',
    subject: 'service-sandbox-server',
    name: 'Sandbox server client',
    roles: Object.freeze(['client']),
    plan: 'free',
    customerId: null,
  }),
} satisfies Record<string, IdpClient>);

const byId = new Map<string, IdpClient>(Object.values(SANDBOX_IDP_CLIENTS).map((client) => [client.clientId, client]));

export function findIdpClient(clientId: string): IdpClient | undefined {
  return byId.get(clientId);
}
