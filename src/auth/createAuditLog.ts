import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

export interface AuditEntry {
  readonly actorId: string;
  readonly action: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly details?: Record<string, unknown>;
  readonly requestId?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** Every admin action, written before the action's answer is sent. */
export function createAuditLog(prisma: PrismaClient): AuditLog {
  return {
    async record(entry) {
      await prisma.auditLog.create({
        data: {
          id: randomUUID(),
          actorId: entry.actorId,
          action: entry.action,
          targetType: entry.targetType ?? null,
          targetId: entry.targetId ?? null,
          details: (entry.details ?? undefined) as Prisma.InputJsonValue | undefined,
          requestId: entry.requestId ?? null,
        },
      });
    },
  };
}
