import type { Logger } from 'pino';
import type { BreakerRegistry } from '../connectors/core/createBreakerRegistry.js';
import { SYSTEM_NAMES, type SystemName } from '../config/SystemName.js';
import { callsInWindow, classifyCheck, type SystemState } from './classifyCheck.js';
import type { SystemProbe } from './createSystemProbe.js';
import type { IncidentRecord, StatusStore, StoredCheck } from './createStatusStore.js';
import type { StatusConfig } from '../config/statusConfig.js';
import { summarizeUptime, type UptimeSummary } from './summarizeUptime.js';

export interface SystemStatus {
  readonly name: SystemName;
  /** Now, as this instance sees it. */
  readonly state: SystemState;
  readonly breaker: ReturnType<BreakerRegistry['snapshot']>['state'];
  /** Null when the history could not be read. */
  readonly uptime: UptimeSummary | null;
}

export interface StatusReport {
  readonly generatedAt: Date;
  readonly days: number;
  readonly systems: readonly SystemStatus[];
  readonly incidents: readonly IncidentRecord[];
  /** False when the database could not be read: the page still shows the breakers. */
  readonly historyAvailable: boolean;
}

export interface StatusMonitor {
  /** Records one check per system, from its breaker and, for a system not called lately, a probe. */
  check(): Promise<readonly StoredCheck[]>;
  /** Drops raw checks, daily counts and closed incidents past their retention; rows deleted by table. */
  purge(): Promise<{ status_checks: number; status_days: number; incidents: number }>;
  report(): Promise<StatusReport>;
  /** Registers the check schedule (once per slot across instances); the retention purge calls `purge`. */
  schedule(queue: { schedule(name: string, cron: string, task: () => Promise<void>): Promise<void> }): Promise<void>;
  /** Stops following the breakers and waits for incident writes in flight. */
  close(): Promise<void>;
}

export interface StatusMonitorOptions {
  readonly store: StatusStore;
  readonly breakers: BreakerRegistry;
  readonly probe: SystemProbe;
  readonly config: StatusConfig;
  readonly logger: Logger;
  readonly now?: () => Date;
}

const DAY_MS = 86_400_000;
/** A stored check this recent says more about an idle system than its empty breaker window. */
const FRESH_CHECK_MS = 5 * 60_000;

export function createStatusMonitor(options: StatusMonitorOptions): StatusMonitor {
  const { store, breakers, config } = options;
  const log = options.logger.child({ component: 'status' });
  const now = options.now ?? (() => new Date());
  // One chain of writes per system, so that a quick close never lands before its opening.
  const writes = new Map<SystemName, Promise<void>>();

  const enqueueWrite = (system: SystemName, what: string, write: () => Promise<void>) => {
    const previous = writes.get(system) ?? Promise.resolve();
    const next = previous.then(write).catch((error: unknown) => {
      log.warn({ err: { message: (error as Error).message }, system }, `could not record the ${what}`);
    });
    writes.set(system, next);
  };

  const stopFollowing = breakers.onTransition(({ system, state, at, cause }) => {
    if (state === 'open') enqueueWrite(system, 'incident opening', () => store.openIncident(system, at, cause));
    if (state === 'closed') enqueueWrite(system, 'incident closing', () => store.closeIncident(system, at));
  });

  const check = async (): Promise<readonly StoredCheck[]> => {
    const at = now();
    const checks = await Promise.all(
      SYSTEM_NAMES.map(async (system): Promise<StoredCheck> => {
        const snapshot = breakers.snapshot(system);
        const idle = snapshot.state === 'closed' && callsInWindow(snapshot) === 0;
        const outcome = classifyCheck(snapshot, idle ? await options.probe(system) : undefined);
        return { system, at, ...outcome };
      }),
    );
    await store.recordChecks(checks);
    // An instance that died with its breaker open never closed its incident; a healthy check does.
    await Promise.all(checks.filter((check) => check.state === 'operational').map((check) => store.closeIncident(check.system, at)));
    log.debug({ checks: checks.map(({ system, state }) => ({ system, state })) }, 'status checked');
    return checks;
  };

  const purge = async () => {
    const at = now().getTime();
    return store.purge({
      checksBefore: new Date(at - config.checkRetentionDays * DAY_MS),
      historyBefore: new Date(at - config.retentionDays * DAY_MS),
    });
  };

  return {
    check,
    purge,

    async report() {
      const generatedAt = now();
      const days = config.retentionDays;
      const history = await store.history(generatedAt, days).catch((error: unknown) => {
        log.warn({ err: { message: (error as Error).message } }, 'status history unavailable');
        return null;
      });
      const systems = SYSTEM_NAMES.map((name): SystemStatus => {
        const snapshot = breakers.snapshot(name);
        const live = classifyCheck(snapshot);
        const latest = history?.latest.get(name);
        const idle = snapshot.state === 'closed' && callsInWindow(snapshot) === 0;
        const state = idle && latest && generatedAt.getTime() - latest.at.getTime() < FRESH_CHECK_MS ? latest.state : live.state;
        const uptime = history
          ? summarizeUptime({ last24h: history.last24h.get(name) ?? { total: 0, ok: 0 }, daily: history.daily.get(name) ?? [], now: generatedAt, days })
          : null;
        return { name, state, breaker: snapshot.state, uptime };
      });
      return { generatedAt, days, systems, incidents: history?.incidents ?? [], historyAvailable: history !== null };
    },

    async schedule(queue) {
      await queue.schedule('status-check', config.checkCron, async () => {
        await check();
      });
    },

    async close() {
      stopFollowing();
      await Promise.all(writes.values());
    },
  };
}
