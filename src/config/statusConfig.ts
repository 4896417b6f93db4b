import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';

export interface StatusConfig {
  /** When each system's state is recorded; once per slot across every instance. */
  readonly checkCron: string;
  /** Daily counts and closed incidents older than this are purged; the page shows at most this many days. */
  readonly retentionDays: number;
  /** Raw checks older than this are purged; the last 24 hours are read from them, older days from the daily counts. */
  readonly checkRetentionDays: number;
  /** How often the HTML status page reloads itself. */
  readonly pageRefreshSeconds: number;
  /** Deadline of the reachability probe sent to a system the gateway has not called lately. */
  readonly probeTimeoutMs: number;
}

const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'a five-field cron expression');
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const statusConfigSection: ConfigSection<StatusConfig> = {
  variables: [
    { name: 'STATUS_CHECK_CRON', default: '* * * * *', meaning: 'When each upstream system\'s state is recorded for the status page (cron; every minute by default)' },
    { name: 'STATUS_RETENTION_DAYS', default: '90', meaning: 'Days of daily status counts and incidents kept (and shown as daily bars on /status)' },
    { name: 'STATUS_CHECK_RETENTION_DAYS', default: '7', meaning: 'Days each raw status check is kept (the daily counts stay for STATUS_RETENTION_DAYS)' },
    { name: 'STATUS_PAGE_REFRESH_SECONDS', default: '60', meaning: 'How often the HTML status page reloads itself' },
    { name: 'STATUS_PROBE_TIMEOUT_MS', default: '3000', meaning: 'Deadline of the probe sent to a system the gateway has not called within its breaker window' },
  ],
  read: (read) => ({
    checkCron: read('STATUS_CHECK_CRON', cron),
    retentionDays: read('STATUS_RETENTION_DAYS', integer(1, 3650)),
    checkRetentionDays: read('STATUS_CHECK_RETENTION_DAYS', integer(1, 3650)),
    pageRefreshSeconds: read('STATUS_PAGE_REFRESH_SECONDS', integer(5, 86_400)),
    probeTimeoutMs: read('STATUS_PROBE_TIMEOUT_MS', integer(100, 60_000)),
  }),
};
