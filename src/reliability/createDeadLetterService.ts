import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import type { DeadLetterStatus, DeadLetterView } from './DeadLetterView.js';
import { describeFailure } from './describeFailure.js';
import { FOLLOW_UPS, isFollowUpKind, runFollowUp, type FollowUpDeps } from './followUps.js';

/**
 * One unit of durable work, as the queue carries a follow-up and a bus consumer group an event.
 * `followUpId` is `workId(kind, key)`: stable across retries, redeliveries and replays, and the
 * dead letter's `sourceJobId` once the work has failed for good.
 */
export interface WorkUnit {
  readonly followUpId: string;
  /** A follow-up kind, or a kind with a registered handler (the event bus's `bus:<event>:<consumer>`). */
  readonly kind: string;
  readonly idempotencyKey: string | null;
  readonly payload: unknown;
}

/**
 * Runs a dead letter's work again. Follow-ups are built in; a source of dead letters other than the
 * job queue (the event bus) registers one per kind, so `replay` needs no knowledge of it.
 */
export interface DeadLetterHandler {
  /** Shown and filtered as the letter's system, e.g. `crm`. */
  readonly system: string;
  run(context: CallContext, payload: unknown): Promise<void>;
}

export interface DeadLetterFilter {
  readonly status?: DeadLetterStatus;
  readonly system?: string;
  readonly kind?: string;
  readonly since?: Date;
  readonly until?: Date;
  readonly errorCode?: string;
  /** Matched against the payload text, the idempotency key and the last error. */
  readonly search?: string;
}

export type ReplayOutcome = 'REPLAYED' | 'FAILED' | 'ALREADY_REPLAYED' | 'DISCARDED' | 'BUSY';

export interface ReplayResult {
  readonly deadLetter: DeadLetterView;
  readonly outcome: ReplayOutcome;
  readonly message: string;
}

export interface DeadLetterService {
  recordAttempt(unit: WorkUnit, source: 'queue' | 'bus' | 'replay', error: unknown): Promise<void>;
  /** Makes letters of a kind that is not a follow-up recordable and replayable; the last registration wins. */
  registerHandler(kind: string, handler: DeadLetterHandler): void;
  /**
   * Turns work that failed its last attempt into a dead letter, whichever path ran it; a second call
   * for the same unit does nothing. `output` is what the queue kept of the last failure, if anything.
   */
  recordDead(unit: WorkUnit, output: unknown): Promise<DeadLetterView>;
  list(filter: DeadLetterFilter, page: { offset: number; limit: number }): Promise<DeadLetterView[]>;
  count(filter: DeadLetterFilter): Promise<number>;
  get(id: string): Promise<DeadLetterView | null>;
  replay(id: string, actor: string): Promise<ReplayResult | null>;
  discard(id: string, reason: string, actor: string): Promise<DeadLetterView | null>;
  openCountsByKind(): Promise<Map<string, number>>;
}

const withAttempts = { attempts: { orderBy: { attemptedAt: 'asc' } } } satisfies Prisma.DeadLetterInclude;

/** LIKE pattern matching `text` anywhere, with the pattern's own wildcards escaped. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * Prisma cannot search inside a JSON column's text, so the letters whose payload contains the
 * search text are found first with SQL and joined to the other criteria by id.
 */
async function whereOf(prisma: PrismaClient, filter: DeadLetterFilter): Promise<Prisma.DeadLetterWhereInput> {
  const payloadMatches = filter.search
    ? (await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM dead_letters WHERE payload::text ILIKE ${containing(filter.search)}`).map(
        (row) => row.id,
      )
    : [];
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.system ? { system: filter.system } : {}),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.errorCode ? { lastErrorCode: filter.errorCode } : {}),
    ...(filter.since || filter.until ? { lastFailedAt: { gte: filter.since, lte: filter.until } } : {}),
    ...(filter.search
      ? {
          OR: [
            { idempotencyKey: { contains: filter.search } },
            { lastError: { contains: filter.search, mode: 'insensitive' } },
            { sourceJobId: filter.search },
            { id: { in: payloadMatches } },
          ],
        }
      : {}),
  };
}

/** Dead letters in PostgreSQL: recorded from the queue and the bus alike, listed, replayed through the same handler, discarded. */
export function createDeadLetterService(prisma: PrismaClient, connectors: FollowUpDeps, logger: Logger): DeadLetterService {
  const log = logger.child({ component: 'dead-letters' });

  const registered = new Map<string, DeadLetterHandler>();
  const handlerOf = (kind: string): DeadLetterHandler | undefined =>
    isFollowUpKind(kind)
      ? { system: FOLLOW_UPS[kind].system, run: (context, payload) => runFollowUp(kind, connectors, context, payload) }
      : registered.get(kind);

  async function recordAttempt(unit: WorkUnit, source: 'queue' | 'bus' | 'replay', error: unknown, deadLetterId?: string) {
    const failure = describeFailure(error);
    await prisma.jobAttempt.create({
      data: {
        id: randomUUID(),
        jobId: unit.followUpId,
        deadLetterId: deadLetterId ?? null,
        kind: unit.kind,
        source,
        succeeded: error === null,
        errorCode: error === null ? null : failure.code,
        message: error === null ? null : failure.message,
        upstreamStatus: error === null ? null : failure.upstreamStatus,
      },
    });
  }

  const get = (id: string) => prisma.deadLetter.findUnique({ where: { id }, include: withAttempts });

  return {
    recordAttempt: (unit, source, error) => recordAttempt(unit, source, error),
    registerHandler(kind, handler) {
      registered.set(kind, handler);
    },

    async recordDead(unit, output) {
      const existing = await prisma.deadLetter.findUnique({ where: { sourceJobId: unit.followUpId }, include: withAttempts });
      if (existing) return existing;
      const attempts = await prisma.jobAttempt.findMany({ where: { jobId: unit.followUpId }, orderBy: { attemptedAt: 'asc' } });
      const last = attempts.at(-1);
      // A job whose worker died never reached our handler's catch: its only trace is the queue's output.
      const fallbackMessage = (output as { message?: string } | null)?.message ?? 'the job failed without an error message (its worker may have died)';
      const id = randomUUID();
      const now = new Date();
      const letter = await prisma.$transaction(async (tx) => {
        const created = await tx.deadLetter.create({
          data: {
            id,
            sourceJobId: unit.followUpId,
            kind: unit.kind,
            system: handlerOf(unit.kind)?.system ?? 'unknown',
            payload: unit.payload as Prisma.InputJsonValue,
            idempotencyKey: unit.idempotencyKey,
            attemptCount: Math.max(attempts.length, 1),
            lastErrorCode: last?.errorCode ?? 'JOB_TIMEOUT',
            lastError: last?.message ?? fallbackMessage,
            firstFailedAt: attempts[0]?.attemptedAt ?? now,
            lastFailedAt: last?.attemptedAt ?? now,
          },
        });
        await tx.jobAttempt.updateMany({ where: { jobId: unit.followUpId }, data: { deadLetterId: created.id } });
        return created;
      });
      log.warn({ deadLetterId: letter.id, kind: letter.kind, system: letter.system, lastErrorCode: letter.lastErrorCode }, 'work dead-lettered');
      return (await get(id))!;
    },

    list: async (filter, page) =>
      prisma.deadLetter.findMany({
        where: await whereOf(prisma, filter),
        include: withAttempts,
        orderBy: [{ lastFailedAt: 'desc' }, { id: 'asc' }],
        skip: page.offset,
        take: page.limit,
      }),
    count: async (filter) => prisma.deadLetter.count({ where: await whereOf(prisma, filter) }),
    get,

    async replay(id, actor) {
      const letter = await get(id);
      if (!letter) return null;
      if (letter.status === 'replayed') return { deadLetter: letter, outcome: 'ALREADY_REPLAYED', message: 'Already replayed; nothing was done' };
      if (letter.status === 'discarded') return { deadLetter: letter, outcome: 'DISCARDED', message: 'Discarded; it cannot be replayed' };
      // Looked up before the claim, so a letter no handler here can run is not left `replaying`.
      const handler = handlerOf(letter.kind);
      if (!handler) throw new Error(`Dead letter ${id} has kind "${letter.kind}", which no handler in this process replays`);
      // Only one replay runs at a time per letter: the open → replaying transition is the lock.
      const claimed = await prisma.deadLetter.updateMany({ where: { id, status: 'open' }, data: { status: 'replaying' } });
      if (claimed.count === 0) return { deadLetter: (await get(id))!, outcome: 'BUSY', message: 'Another replay of this letter is running' };
      const unit: WorkUnit = { followUpId: letter.sourceJobId, kind: letter.kind, idempotencyKey: letter.idempotencyKey, payload: letter.payload };
      const context = { requestId: `replay:${id}`, log: log.child({ deadLetterId: id, kind: letter.kind }) };
      try {
        await handler.run(context, letter.payload);
      } catch (error) {
        const failure = describeFailure(error);
        await recordAttempt(unit, 'replay', error, id);
        await prisma.deadLetter.update({
          where: { id },
          data: { status: 'open', attemptCount: { increment: 1 }, lastErrorCode: failure.code, lastError: failure.message, lastFailedAt: new Date() },
        });
        return { deadLetter: (await get(id))!, outcome: 'FAILED', message: failure.message };
      }
      await recordAttempt(unit, 'replay', null, id);
      await prisma.deadLetter.update({
        where: { id },
        data: { status: 'replayed', resolvedBy: actor, resolvedAt: new Date(), resolution: 'replayed' },
      });
      log.info({ deadLetterId: id, actor }, 'dead letter replayed');
      return { deadLetter: (await get(id))!, outcome: 'REPLAYED', message: 'Replayed successfully' };
    },

    async discard(id, reason, actor) {
      const updated = await prisma.deadLetter.updateMany({
        where: { id, status: 'open' },
        data: { status: 'discarded', resolvedBy: actor, resolvedAt: new Date(), resolution: reason },
      });
      if (updated.count === 1) log.info({ deadLetterId: id, actor, reason }, 'dead letter discarded');
      return get(id);
    },

    async openCountsByKind() {
      const rows = await prisma.deadLetter.groupBy({ by: ['kind'], where: { status: 'open' }, _count: { _all: true } });
      return new Map(rows.map((row) => [row.kind, row._count._all]));
    },
  };
}
