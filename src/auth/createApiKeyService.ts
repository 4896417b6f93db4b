import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ApiKey, PrismaClient } from '../generated/prisma/client.js';
import type { Principal, Role } from './Principal.js';

export interface CreatedApiKey {
  readonly apiKey: ApiKey;
  /** Shown once; only its hash is stored. */
  readonly secret: string;
}

export interface ApiKeyService {
  create(input: { name: string; role: Role; plan: string; createdBy: string; expiresAt?: Date | null }): Promise<CreatedApiKey>;
  list(): Promise<ApiKey[]>;
  revoke(id: string): Promise<ApiKey | null>;
  /** The principal a presented secret stands for, or null when it is unknown, revoked or expired. */
  authenticate(secret: string): Promise<Principal | null>;
}

const BOOTSTRAP_ID = 'bootstrap-admin';
/** lastUsedAt is a hint for operators, written at most this often per key to keep it off the hot path. */
const LAST_USED_RESOLUTION_MS = 60_000;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** `sy_<8 hex prefix>_<43 base64url chars>`: 256 bits of entropy, recognisable by its prefix. */
export function generateApiKeySecret(): { secret: string; prefix: string } {
  const prefix = `sy_${randomBytes(4).toString('hex')}`;
  return { secret: `${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

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
        },
      });
      return { apiKey, secret };
    },
    list: () => prisma.apiKey.findMany({ orderBy: { createdAt: 'desc' } }),
    async revoke(id) {
      await prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
      return prisma.apiKey.findUnique({ where: { id } });
    },
    async authenticate(secret) {
      const digest = hash(secret);
      if (bootstrapHash && timingSafeEqual(Buffer.from(digest, 'hex'), bootstrapHash)) {
        return { kind: 'api_key', id: BOOTSTRAP_ID, name: 'bootstrap admin (ADMIN_API_KEY)', role: 'ADMIN', plan: 'enterprise' };
      }
      const key = await prisma.apiKey.findUnique({ where: { secretHash: digest } });
      const now = Date.now();
      if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now)) return null;
      if (now - (lastUsedWritten.get(key.id) ?? 0) > LAST_USED_RESOLUTION_MS) {
        lastUsedWritten.set(key.id, now);
        await prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
      }
      return { kind: 'api_key', id: key.id, name: key.name, role: key.role, plan: key.plan };
    },
  };
}
