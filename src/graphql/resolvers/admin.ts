import type { ApiKeyView } from '../../auth/ApiKeyView.js';
import { SYSTEM_NAMES, type SystemName } from '../../config/SystemName.js';
import type { BreakerSnapshot } from '../../connectors/core/createBreakerRegistry.js';
import { CACHE_TYPES } from '../../connectors/createConnectors.js';
import type { DeadLetterFilter, ReplayResult } from '../../reliability/createDeadLetterService.js';
import type { DeadLetterStatus, DeadLetterView, JobAttemptView } from '../../reliability/DeadLetterView.js';
import { FOLLOW_UPS, isFollowUpKind } from '../../reliability/followUps.js';
import type { QueueStat } from '../../reliability/createJobQueue.js';
import { actorOf, auditAdminAction } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { pageFromArgs, toConnection } from '../connection.js';
import { badUserInput } from '../errors.js';

const MAX_BATCH_REPLAY = 1000;
const MAX_ROTATION_GRACE_HOURS = 720;
// API key ids are UUID columns: anything else would reach PostgreSQL as a cast error, not "no such key".
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FilterArgs {
  status?: 'OPEN' | 'REPLAYING' | 'REPLAYED' | 'DISCARDED' | null;
  system?: string | null;
  kind?: string | null;
  since?: string | null;
  until?: string | null;
  errorCode?: string | null;
  search?: string | null;
}

function date(value: string | null | undefined, argument: string): Date | undefined {
  if (!value) return undefined;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw badUserInput(`"${value}" is not an ISO 8601 date-time`, argument);
  return parsed;
}

function filterOf(args: FilterArgs | null | undefined): DeadLetterFilter {
  return {
    ...(args?.status ? { status: args.status.toLowerCase() as DeadLetterStatus } : {}),
    ...(args?.system ? { system: args.system } : {}),
    ...(args?.kind ? { kind: args.kind } : {}),
    ...(args?.errorCode ? { errorCode: args.errorCode } : {}),
    ...(args?.search ? { search: args.search } : {}),
    since: date(args?.since, 'filter.since'),
    until: date(args?.until, 'filter.until'),
  };
}

function systemOf(name: string): SystemName {
  if (!(SYSTEM_NAMES as readonly string[]).includes(name)) {
    throw badUserInput(`Unknown system "${name}"; one of ${SYSTEM_NAMES.join(', ')}`, 'system');
  }
  return name as SystemName;
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

export const adminResolvers = {
  Query: {
    async deadLetters(_: unknown, args: { filter?: FilterArgs | null; first?: number | null; after?: string | null }, context: GatewayContext) {
      const page = pageFromArgs(args);
      const filter = filterOf(args.filter);
      const letters = await context.services.deadLetters.list(filter, { offset: page.offset, limit: page.first + 1 });
      return toConnection(letters, page, () => context.services.deadLetters.count(filter));
    },
    deadLetter(_: unknown, { id }: { id: string }, context: GatewayContext) {
      return context.services.deadLetters.get(id);
    },
    circuitBreakers(_: unknown, __: unknown, context: GatewayContext) {
      return context.services.breakers.snapshots();
    },
    queueStats(_: unknown, __: unknown, context: GatewayContext) {
      return context.services.queue.stats();
    },
    apiKeys(_: unknown, __: unknown, context: GatewayContext) {
      return context.services.apiKeys.list();
    },
  },
  Mutation: {
    async replayDeadLetter(_: unknown, { id }: { id: string }, context: GatewayContext) {
      const admin = actorOf(context);
      const result = await context.services.deadLetters.replay(id, admin.id);
      if (!result) throw badUserInput(`No dead letter ${id}`, 'id');
      await auditAdminAction(context, {
        action: 'deadLetter.replay',
        targetType: 'DeadLetter',
        targetId: id,
        details: { outcome: result.outcome },
      });
      return result;
    },
    async replayDeadLetters(_: unknown, args: { filter?: FilterArgs | null; limit: number }, context: GatewayContext) {
      const admin = actorOf(context);
      if (!Number.isInteger(args.limit) || args.limit < 1 || args.limit > MAX_BATCH_REPLAY) {
        throw badUserInput(`limit must be between 1 and ${MAX_BATCH_REPLAY}`, 'limit');
      }
      const { deadLetters } = context.services;
      const letters = await deadLetters.list({ ...filterOf(args.filter), status: 'open' }, { offset: 0, limit: args.limit });
      // One after another: a replay calls upstream systems that may be just recovering.
      const results: ReplayResult[] = [];
      for (const letter of letters.reverse()) {
        const result = await deadLetters.replay(letter.id, admin.id);
        if (result) results.push(result);
      }
      const count = (outcome: ReplayResult['outcome']) => results.filter((result) => result.outcome === outcome).length;
      await auditAdminAction(context, {
        action: 'deadLetter.replayBatch',
        targetType: 'DeadLetter',
        details: { filter: args.filter ?? null, limit: args.limit, matched: letters.length, replayed: count('REPLAYED'), failed: count('FAILED') },
      });
      return {
        matched: letters.length,
        replayed: count('REPLAYED'),
        failed: count('FAILED'),
        skipped: results.length - count('REPLAYED') - count('FAILED'),
        results,
      };
    },
    async discardDeadLetter(_: unknown, { id, reason }: { id: string; reason: string }, context: GatewayContext) {
      const admin = actorOf(context);
      if (!reason.trim()) throw badUserInput('A discard needs a reason', 'reason');
      const letter = await context.services.deadLetters.get(id);
      if (!letter) throw badUserInput(`No dead letter ${id}`, 'id');
      if (letter.status !== 'open') throw badUserInput(`Dead letter ${id} is ${letter.status}; only open letters can be discarded`, 'id');
      const discarded = await context.services.deadLetters.discard(id, reason.trim(), admin.id);
      await auditAdminAction(context, {
        action: 'deadLetter.discard',
        targetType: 'DeadLetter',
        targetId: id,
        details: { reason: reason.trim() },
      });
      return discarded;
    },
    async invalidateCache(_: unknown, args: { system: string; type?: string | null; id?: string | null }, context: GatewayContext) {
      const system = systemOf(args.system);
      const types = CACHE_TYPES.filter((type) => type.system === system).map((type) => type.name);
      const type = args.type ?? undefined;
      if (type !== undefined && !types.includes(type)) throw badUserInput(`The ${system} system caches no type "${type}"; one of ${types.join(', ')}`, 'type');
      const key = args.id ?? undefined;
      if (key !== undefined && type === undefined) throw badUserInput('An id names a record of one type: give `type` too', 'id');
      const dropped = await context.services.cache.drop({ system, type, key });
      await auditAdminAction(context, {
        action: 'cache.invalidate',
        targetType: 'CacheEntry',
        targetId: [system, type, key].filter((part) => part !== undefined).join(':'),
        details: { dropped },
      });
      return { system, type: type ?? null, id: key ?? null, dropped };
    },
    async resetCircuitBreaker(_: unknown, { system }: { system: string }, context: GatewayContext) {
      const snapshot = context.services.breakers.reset(systemOf(system));
      await auditAdminAction(context, { action: 'breaker.reset', targetType: 'CircuitBreaker', targetId: system });
      return snapshot;
    },
    async createApiKey(
      _: unknown,
      {
        input,
      }: { input: { name: string; role: 'ADMIN' | 'CLIENT'; plan: string; expiresAt?: string | null; trustedDocumentsOnly?: boolean | null } },
      context: GatewayContext,
    ) {
      const admin = actorOf(context);
      if (!input.name.trim()) throw badUserInput('An API key needs a name', 'input.name');
      const plans = Object.keys(context.services.plans);
      if (!plans.includes(input.plan)) throw badUserInput(`plan must be one of ${plans.join(', ')} (the plans file)`, 'input.plan');
      const expiresAt = date(input.expiresAt, 'input.expiresAt') ?? null;
      if (expiresAt && expiresAt.getTime() <= Date.now()) throw badUserInput('expiresAt must be in the future', 'input.expiresAt');
      const created = await context.services.apiKeys.create({
        name: input.name.trim(),
        role: input.role,
        plan: input.plan,
        createdBy: admin.id,
        expiresAt,
        trustedDocumentsOnly: input.trustedDocumentsOnly ?? false,
      });
      await auditAdminAction(context, {
        action: 'apiKey.create',
        targetType: 'ApiKey',
        targetId: created.apiKey.id,
        details: {
          name: created.apiKey.name,
          role: created.apiKey.role,
          plan: created.apiKey.plan,
          prefix: created.apiKey.prefix,
          trustedDocumentsOnly: created.apiKey.trustedDocumentsOnly,
        },
      });
      return created;
    },
    async revokeApiKey(_: unknown, { id }: { id: string }, context: GatewayContext) {
      const key = await context.services.apiKeys.revoke(id);
      if (!key) throw badUserInput(`No API key ${id}`, 'id');
      await auditAdminAction(context, { action: 'apiKey.revoke', targetType: 'ApiKey', targetId: id });
      return key;
    },
    async rotateApiKey(_: unknown, { id, graceHours }: { id: string; graceHours: number }, context: GatewayContext) {
      if (graceHours < 0 || graceHours > MAX_ROTATION_GRACE_HOURS) {
        throw badUserInput(`graceHours must be between 0 and ${MAX_ROTATION_GRACE_HOURS} (30 days)`, 'graceHours');
      }
      const result = UUID.test(id) ? await context.services.apiKeys.rotate(id, graceHours) : { outcome: 'not_found' as const };
      if (result.outcome === 'not_found') throw badUserInput(`No API key ${id}`, 'id');
      if (result.outcome === 'revoked') throw badUserInput(`API key ${id} is revoked; create a new key instead`, 'id');
      await auditAdminAction(context, {
        action: 'apiKey.rotate',
        targetType: 'ApiKey',
        targetId: id,
        details: { graceHours, previousSecretExpiresAt: result.previousSecretExpiresAt.toISOString(), prefix: result.apiKey.prefix },
      });
      return { apiKey: result.apiKey, secret: result.secret, previousSecretExpiresAt: result.previousSecretExpiresAt.toISOString() };
    },
  },
  DeadLetter: {
    status: (letter: DeadLetterView) => letter.status.toUpperCase(),
    payload: (letter: DeadLetterView) => JSON.stringify(letter.payload),
    firstFailedAt: (letter: DeadLetterView) => letter.firstFailedAt.toISOString(),
    lastFailedAt: (letter: DeadLetterView) => letter.lastFailedAt.toISOString(),
    resolvedAt: (letter: DeadLetterView) => iso(letter.resolvedAt),
  },
  DeadLetterAttempt: {
    at: (attempt: JobAttemptView) => attempt.attemptedAt.toISOString(),
  },
  CircuitBreaker: {
    state: (snapshot: BreakerSnapshot) => snapshot.state.toUpperCase(),
    openedAt: (snapshot: BreakerSnapshot) => iso(snapshot.openedAt),
  },
  QueueStat: {
    system: (stat: QueueStat) => (isFollowUpKind(stat.kind) ? FOLLOW_UPS[stat.kind].system : 'unknown'),
  },
  ApiKey: {
    createdAt: (key: ApiKeyView) => key.createdAt.toISOString(),
    lastUsedAt: (key: ApiKeyView) => iso(key.lastUsedAt),
    expiresAt: (key: ApiKeyView) => iso(key.expiresAt),
    revokedAt: (key: ApiKeyView) => iso(key.revokedAt),
    previousSecretExpiresAt: (key: ApiKeyView) => iso(key.previousSecretExpiresAt),
  },
};
