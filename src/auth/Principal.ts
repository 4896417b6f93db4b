export type Role = 'ADMIN' | 'CLIENT';

/**
 * Who is asking. Every request has one; without credentials it is the anonymous principal.
 * - api_key: a server-to-server client (or the bootstrap admin key)
 * - user: an end user of a web or mobile frontend, from a verified JWT; sees only its own customer
 * - certificate: a client authenticated by its TLS certificate (mTLS listener)
 */
export type Principal =
  | { readonly kind: 'anonymous'; readonly id: 'anonymous'; readonly role: null; readonly plan: 'free' }
  | {
      readonly kind: 'api_key';
      readonly id: string;
      readonly name: string;
      readonly role: Role;
      readonly plan: string;
      /** Restricted to the registered trusted documents (the key's trustedDocumentsOnly flag). */
      readonly trustedDocumentsOnly?: boolean;
    }
  | {
      readonly kind: 'user';
      readonly id: string;
      readonly name: string;
      readonly role: Role;
      readonly plan: string;
      /** The ERP partner id of the customer this user is; null for staff users that act for all. */
      readonly customerId: number | null;
    }
  | {
      readonly kind: 'certificate';
      readonly id: string;
      readonly name: string;
      readonly role: Role;
      readonly plan: string;
      /** Restricted to the registered trusted documents (its MTLS_PRINCIPALS entry's flag). */
      readonly trustedDocumentsOnly?: boolean;
    };

export type AuthenticatedPrincipal = Exclude<Principal, { kind: 'anonymous' }>;

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous', id: 'anonymous', role: null, plan: 'free' });
