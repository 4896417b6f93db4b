import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';

export interface PollingConfig {
  /** Cron schedule of the shipping poll; run once per slot across every instance. */
  readonly shippingCron: string;
  /** Pages of 100 trackers read per run at most, so a first run over a long history stays bounded. */
  readonly maxPagesPerRun: number;
  /** How often the ERP, which announces nothing, is asked what it wrote; 0: never. */
  readonly erpSeconds: number;
}

const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'a five-field cron expression');

export const pollingConfigSection: ConfigSection<PollingConfig> = {
  variables: [
    { name: 'POLL_SHIPPING_CRON', default: '0 * * * *', meaning: 'When the shipping carrier is polled for updated trackers (cron; hourly by default)' },
    { name: 'POLL_MAX_PAGES', default: '50', meaning: 'Most pages of 100 trackers one poll reads; the cursor resumes the rest next time' },
    {
      name: 'POLL_ERP_SECONDS',
      default: '5',
      meaning: 'How often the ERP (which sends no change notifications) is asked for the records written since the last poll, by write_date, to keep cached records fresh and send new posted invoices over Peppol; one instance polls; 0 = never',
    },
  ],
  read: (read) => ({
    shippingCron: read('POLL_SHIPPING_CRON', cron),
    maxPagesPerRun: read('POLL_MAX_PAGES', z.coerce.number().int().min(1).max(10_000)),
    erpSeconds: read('POLL_ERP_SECONDS', z.coerce.number().int().min(0).max(86_400)),
  }),
};
