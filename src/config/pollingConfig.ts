import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';

export interface PollingConfig {
  /** Cron schedule of the shipping poll; run once per slot across every instance. */
  readonly shippingCron: string;
  /** Pages of 100 trackers read per run at most, so a first run over a long history stays bounded. */
  readonly maxPagesPerRun: number;
}

const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'a five-field cron expression');

export const pollingConfigSection: ConfigSection<PollingConfig> = {
  variables: [
    { name: 'POLL_SHIPPING_CRON', default: '0 * * * *', meaning: 'When the shipping carrier is polled for updated trackers (cron; hourly by default)' },
    { name: 'POLL_MAX_PAGES', default: '50', meaning: 'Most pages of 100 trackers one poll reads; the cursor resumes the rest next time' },
  ],
  read: (read) => ({
    shippingCron: read('POLL_SHIPPING_CRON', cron),
    maxPagesPerRun: read('POLL_MAX_PAGES', z.coerce.number().int().min(1).max(10_000)),
  }),
};
