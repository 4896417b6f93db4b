import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { ApiKeyView } from './ApiKeyView.js';
import type { ApiKeyChanges } from './createApiKeyChanges.js';
import { createApiKeyCache } from './createApiKeyCache.js';
import type { Principal, Role } from './Principal.js';

export interface CreatedApiKey {
  readonly apiKey: ApiKeyView;
  /** Shown once; only its hash is stored. */
  readonly secret: string;
}

export type RotateApiKeyResult =
  | { readonly outcome: 'rotated'; readonly apiKey: ApiKeyView; readonly secret: string; readonly previousSecretExpiresAt: Date }
  | { readonly outcome: 'not_found' }
  | { readonly outcome: 'revoked' };

export interface ApiKeyService {
  create(input: {
    name: string;
    role: Role;
    plan: string;
    createdBy: string;
    expiresAt?: Date | null;
    trustedDocumentsOnly?: boolean;
  }): Promise<CreatedApiKey>;
  list(): Promise<ApiKeyView[]>;
  revoke(id: string): Promise<ApiKeyView | null>;
  /**
   * A new secret for the key; the current one keeps working for `graceHours` (0: stops at once).
   * Only one previous secret is kept: rotating again during a grace period ends that one's grace.
   */
  rotate(id: string, graceHours: number): Promise<RotateApiKeyResult>;
  /** The principal a presented secret stands for, or null when it is unknown, revoked or expired. */
  authenticate(secret: string): Promise<Principal | null>;
  /** Since start: verifications read from the database, and those answered from the cache. */
  counts(): { readonly lookups: number; readonly cacheHits: number };
}

export interface ApiKeyServiceOptions {
  readonly bootstrapAdminKey: string | undefined;
  /**
   * How long a verified secret is trusted without asking the database; 0 asks on every request.
   * A revocation or rotation made elsewhere is seen at once through `changes`, within this long when that fails.
   */
  readonly cacheSeconds?: number;
  /** Where revocations and rotations are told to, and heard from, other instances. */
  readonly changes?: ApiKeyChanges;
}

const BOOTSTRAP_ID = 'bootstrap-admin';
/** lastUsedAt is a hint for operators, written at most this often per key to keep it off the hot path. */
const LAST_USED_RESOLUTION_MS = 60_000;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * `sy_<8 hex prefix>_<43 base64url chars>`: 256 bits of entropy, recognisable by its prefix. A rotation
 * keeps the key's prefix, so operators still recognise the key by it.
 */
export function generateApiKeySecret(prefix = `sy_${randomBytes(4).toString('hex')}`): { secret: string; prefix: string } {
  return { secret: `${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

/** Every stored key's secret starts with this; anything else can only be the bootstrap key. */
const STORED_SECRET_PREFIX = 'sy_';

export function createApiKeyService(prisma: PrismaClient, options: ApiKeyServiceOptions): ApiKeyService {
  const bootstrapHash = options.bootstrapAdminKey ? Buffer.from(hash(options.bootstrapAdminKey), 'hex') : undefined;
  const lastUsedWritten = new Map<string, number>();
  const cache = createApiKeyCache((options.cacheSeconds ?? 0) * 1000);
  options.changes?.subscribe((keyId) => cache.invalidate(keyId));
  let lookups = 0;
  let cacheHits = 0;

  // This instance forgets at once; the others when the notification arrives.
  const changed = async (keyId: string) => {
    cache.invalidate(keyId);
    await options.changes?.publish(keyId);
  };

  const noteUse = async (keyId: string, now: number) => {
    if (now - (lastUsedWritten.get(keyId) ?? 0) <= LAST_USED_RESOLUTION_MS) return;
    lastUsedWritten.set(keyId, now);
    await prisma.apiKey.update({ where: { id: keyId }, data: { lastUsedAt: new Date(now) } });
  };

  return {
    async create(input) {
      const { secret, prefix } = generateApiKeySecret();
      const apiKey = await prisma.apiKey.create({
        data: {
          id: randomUUID(),
          name: input.name,
          prefix,
          secretHash: hash(secret),
          role: input.role,
          plan: input.plan,
          createdBy: input.createdBy,
          expiresAt: input.expiresAt ?? null,
          trustedDocumentsOnly: input.trustedDocumentsOnly ?? false,
        },
      });
      return { apiKey, secret };
    },
    list: () => prisma.apiKey.findMany({ orderBy: { createdAt: 'desc' } }),
    async revoke(id) {
      const { count } = await prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
      if (count > 0) await changed(id);
      return prisma.apiKey.findUnique({ where: { id } });
    },
    async rotate(id, graceHours) {
      // Conditional on the hash just read: of two concurrent rotations the loser reads again and
      // rotates the winner's secret, as if they had run one after the other.
      for (;;) {
        const key = await prisma.apiKey.findUnique({ where: { id } });
        if (!key) return { outcome: 'not_found' };
        if (key.revokedAt) return { outcome: 'revoked' };
        const { secret } = generateApiKeySecret(key.prefix);
        const previousSecretExpiresAt = new Date(Date.now() + graceHours * 3_600_000);
        const { count } = await prisma.apiKey.updateMany({
          where: { id, secretHash: key.secretHash, revokedAt: null },
          data: { secretHash: hash(secret), previousSecretHash: key.secretHash, previousSecretExpiresAt },
        });
        if (count === 1) {
          // The previous secret may have stopped at once (no grace), or ended an earlier grace.
          await changed(id);
          return { outcome: 'rotated', apiKey: await prisma.apiKey.findUniqueOrThrow({ where: { id } }), secret, previousSecretExpiresAt };
        }
      }
    },
    async authenticate(secret) {
      const digest = hash(secret);
      if (bootstrapHash && timingSafeEqual(Buffer.from(digest, 'hex'), bootstrapHash)) {
        return { kind: 'api_key', id: BOOTSTRAP_ID, name: 'bootstrap admin (ADMIN_API_KEY)', role: 'ADMIN', plan: 'enterprise' };
      }
      if (!secret.startsWith(STORED_SECRET_PREFIX)) return null;
      const cached = cache.get(digest, Date.now());
      if (cached) {
        cacheHits += 1;
        await noteUse(cached.keyId, Date.now());
        return cached.principal;
      }
      const version = cache.version();
      lookups += 1;
      const key = await prisma.apiKey.findFirst({ where: { OR: [{ secretHash: digest }, { previousSecretHash: digest }] } });
      const now = Date.now();
      if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now)) return null;
      const isPreviousSecret = key.secretHash !== digest;
      if (isPreviousSecret && (key.previousSecretExpiresAt?.getTime() ?? 0) <= now) return null;
      await noteUse(key.id, now);
      const principal: Principal = {
        kind: 'api_key',
        id: key.id,
        name: key.name,
        role: key.role,
        plan: key.plan,
        ...(key.trustedDocumentsOnly ? { trustedDocumentsOnly: true } : {}),
      };
      // Never trusted past the key's own expiry, nor a previous secret past its grace.
      const until = Math.min(key.expiresAt?.getTime() ?? Infinity, isPreviousSecret ? key.previousSecretExpiresAt!.getTime() : Infinity);
      cache.remember(digest, { keyId: key.id, principal }, until, version);
      return principal;
    },
    counts: () => ({ lookups, cacheHits }),
  };
}
