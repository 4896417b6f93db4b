import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';

export interface IdempotencyClaim {
  readonly principalId: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly operationName: string | null;
}

/** What a request with an idempotency key should do, as the IETF Idempotency-Key draft and Stripe behave. */
export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly recordId: string }
  | { readonly kind: 'replay'; readonly body: string; readonly status: number }
  | { readonly kind: 'reused' }
  | { readonly kind: 'in_progress'; readonly retryAfterSeconds: number };

export interface IdempotencyStore {
  claim(claim: IdempotencyClaim): Promise<ClaimOutcome>;
  /** Stores the response sent, replayed for every later request with the same key. */
  complete(recordId: string, response: { body: string; status: number }): Promise<void>;
  /** Forgets the claim so a retry runs again: the attempt ended in a transient failure. */
  release(recordId: string): Promise<void>;
  /** Deletes records past their retention; returns how many. */
  purgeExpired(now?: Date): Promise<number>;
}

export interface IdempotencyOptions {
  readonly retentionHours: number;
  readonly leaseSeconds: number;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}

/** Idempotency records in PostgreSQL: the unique (principal, key) index decides who runs. */
export function createIdempotencyStore(prisma: PrismaClient, options: IdempotencyOptions): IdempotencyStore {
  const lease = () => new Date(Date.now() + options.leaseSeconds * 1000);

  async function claim(request: IdempotencyClaim, attempt = 0): Promise<ClaimOutcome> {
    const now = new Date();
    try {
      const record = await prisma.idempotencyRecord.create({
        data: {
          id: randomUUID(),
          principalId: request.principalId,
          key: request.key,
          fingerprint: request.fingerprint,
          operationName: request.operationName,
          status: 'in_progress',
          lockedUntil: lease(),
          expiresAt: new Date(now.getTime() + options.retentionHours * 3_600_000),
        },
        select: { id: true },
      });
      return { kind: 'claimed', recordId: record.id };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }

    const existing = await prisma.idempotencyRecord.findUnique({
      where: { principalId_key: { principalId: request.principalId, key: request.key } },
    });
    // Gone between the insert and the read (released or purged): try once more.
    if (!existing) return attempt === 0 ? claim(request, 1) : { kind: 'in_progress', retryAfterSeconds: 1 };
    if (existing.expiresAt <= now) {
      await prisma.idempotencyRecord.deleteMany({ where: { id: existing.id, expiresAt: { lte: now } } });
      return attempt === 0 ? claim(request, 1) : { kind: 'in_progress', retryAfterSeconds: 1 };
    }
    if (existing.fingerprint !== request.fingerprint) return { kind: 'reused' };
    if (existing.status === 'completed') {
      return { kind: 'replay', body: existing.responseBody ?? '{}', status: existing.responseStatus ?? 200 };
    }
    const lockedUntil = existing.lockedUntil ?? now;
    if (lockedUntil > now) {
      return { kind: 'in_progress', retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)) };
    }
    // The first runner died without finishing: take its claim over; every upstream step is keyed, so redoing is safe.
    const taken = await prisma.idempotencyRecord.updateMany({
      where: { id: existing.id, status: 'in_progress', lockedUntil: { lte: now } },
      data: { lockedUntil: lease() },
    });
    return taken.count === 1 ? { kind: 'claimed', recordId: existing.id } : { kind: 'in_progress', retryAfterSeconds: 1 };
  }
  return {
    claim: (request) => claim(request),
    async complete(recordId, response) {
      await prisma.idempotencyRecord.update({
        where: { id: recordId },
        data: { status: 'completed', responseBody: response.body, responseStatus: response.status, completedAt: new Date(), lockedUntil: null },
      });
    },
    async release(recordId) {
      await prisma.idempotencyRecord.deleteMany({ where: { id: recordId, status: 'in_progress' } });
    },
    async purgeExpired(now = new Date()) {
      const { count } = await prisma.idempotencyRecord.deleteMany({ where: { expiresAt: { lte: now } } });
      return count;
    },
  };
}
