import type { Role } from './Principal.js';

/** An API key as operators see it: everything but its secret's hashes. */
export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: Role;
  readonly plan: string;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  /** While the replaced secret still works after a rotation. */
  readonly previousSecretExpiresAt: Date | null;
  readonly trustedDocumentsOnly: boolean;
}
