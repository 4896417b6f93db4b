import type { Principal } from './Principal.js';

export interface CachedVerification {
  readonly keyId: string;
  readonly principal: Principal;
}

export interface ApiKeyCache {
  /** The verification remembered for a secret's digest while it is fresh. */
  get(digest: string, now: number): CachedVerification | undefined;
  /** Taken before a database lookup and given to remember(), which ignores a result read before a later invalidation. */
  version(): number;
  /** Keeps the verification until `until` (epoch ms) at the latest; nothing when the cache is off. */
  remember(digest: string, verification: CachedVerification, until: number, version: number): void;
  /** Forgets one key's verifications (every secret of it), or all of them with null. */
  invalidate(keyId: string | null): void;
}

/**
 * Successful verifications only: an unknown secret is looked up every time, so a key just created
 * (on any instance) works at once and guessing fills nothing. The cache therefore holds at most
 * one entry per valid secret, two per key during a rotation's grace.
 */
export function createApiKeyCache(ttlMs: number): ApiKeyCache {
  const entries = new Map<string, CachedVerification & { readonly until: number }>();
  let version = 0;

  return {
    get(digest, now) {
      const entry = entries.get(digest);
      if (!entry) return undefined;
      if (entry.until > now) return entry;
      entries.delete(digest);
      return undefined;
    },
    version: () => version,
    remember(digest, verification, until, since) {
      if (ttlMs <= 0 || since !== version) return;
      entries.set(digest, { ...verification, until: Math.min(until, Date.now() + ttlMs) });
    },
    invalidate(keyId) {
      version += 1;
      if (keyId === null) entries.clear();
      else for (const [digest, entry] of entries) if (entry.keyId === keyId) entries.delete(digest);
    },
  };
}
