import { GraphQLError } from 'graphql';
import type { Principal } from '../auth/Principal.js';
import { ErrorCode } from '../errors/errorCatalogue.js';

export interface TrustedDocumentsOptions {
  /** SHA-256 (hex) of each registered document's exact text → the text. */
  readonly documents: Readonly<Record<string, string>>;
  /** Principals restricted by id (e.g. JWT users); API keys and certificates also carry their own flag. */
  readonly principalIds: readonly string[];
}

/** The document a request will run: a registered one named by its hash, the text it sent, or neither. */
export type DocumentChoice =
  | { readonly outcome: 'registered'; readonly hash: string; readonly text: string }
  | { readonly outcome: 'sent' }
  /** OPERATION_NOT_TRUSTED (HTTP 403): the principal may run registered documents only. */
  | { readonly outcome: 'refused'; readonly error: GraphQLError };

export interface TrustedDocuments {
  choose(principal: Principal, request: { readonly extensions?: Readonly<Record<string, unknown>> | null | undefined }): DocumentChoice;
}

function sentHash(extensions: Readonly<Record<string, unknown>> | null | undefined): string | undefined {
  const persisted = extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/**
 * Trusted documents (APQ-compatible): registered operations resolve by hash for every client, even
 * when the APQ cache is cold or the hash was registered on another instance; a restricted client
 * (listed by id, or a key or certificate flagged so) may send nothing else.
 */
export function createTrustedDocuments(options: TrustedDocumentsOptions): TrustedDocuments {
  const restrictedIds = new Set(options.principalIds);
  const isRestricted = (principal: Principal) =>
    principal.kind !== 'anonymous' &&
    (restrictedIds.has(principal.id) ||
      ((principal.kind === 'api_key' || principal.kind === 'certificate') && principal.trustedDocumentsOnly === true));

  return {
    choose(principal, request) {
      const hash = sentHash(request.extensions);
      const text = hash === undefined ? undefined : options.documents[hash];
      if (hash !== undefined && text !== undefined) return { outcome: 'registered', hash, text };
      if (!isRestricted(principal)) return { outcome: 'sent' };
      const error = new GraphQLError(
        hash === undefined
          ? 'This client may only run registered operations, sent by hash: put the SHA-256 of the registered document in extensions.persistedQuery.sha256Hash'
          : `The operation with hash ${hash} is not registered for this client: only the gateway's trusted documents may be sent`,
        { extensions: { code: ErrorCode.OPERATION_NOT_TRUSTED, http: { status: 403 } } },
      );
      return { outcome: 'refused', error };
    },
  };
}
