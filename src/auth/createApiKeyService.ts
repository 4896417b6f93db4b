import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { ApiKeyView } from './ApiKeyView.js';
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

export function createApiKeyService(prisma: PrismaClient, options: { bootstrapAdminKey: string | undefined }): ApiKeyService {
  const bootstrapHash = options.bootstrapAdminKey ? Buffer.from(hash(options.bootstrapAdminKey), 'hex') : undefined;
  const lastUsedWritten = new Map<string, number>();

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
      await prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
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
      const key = await prisma.apiKey.findFirst({ where: { OR: [{ secretHash: digest }, { previousSecretHash: digest }] } });
      const now = Date.now();
      if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now)) return null;
      const isPreviousSecret = key.secretHash !== digest;
      if (isPreviousSecret && (key.previousSecretExpiresAt?.getTime() ?? 0) <= now) return null;
      if (now - (lastUsedWritten.get(key.id) ?? 0) > LAST_USED_RESOLUTION_MS) {
        lastUsedWritten.set(key.id, now);
        await prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
      }
      return {
        kind: 'api_key',
        id: key.id,
        name: key.name,
        role: key.role,
        plan: key.plan,
        ...(key.trustedDocumentsOnly ? { trustedDocumentsOnly: true } : {}),
      };
    },
  };
}
