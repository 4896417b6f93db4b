import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';

/** Days each growing table keeps its finished rows; what is still needed is kept whatever its age. */
export interface RetentionConfig {
  /** When the purge runs; once per slot across every instance. */
  readonly cron: string;
  readonly webhookEventDays: number;
  readonly webhookDeliveryDays: number;
  readonly jobAttemptDays: number;
  readonly deadLetterDays: number;
  readonly auditLogDays: number;
}

const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'a five-field cron expression');
const days = z.coerce.number().int().min(1).max(36_500);

export const retentionConfigSection: ConfigSection<RetentionConfig> = {
  variables: [
    { name: 'RETENTION_PURGE_CRON', default: '17 * * * *', meaning: 'When old rows are purged from the growing tables, expired idempotency records and status history included (cron; hourly by default)' },
    { name: 'WEBHOOK_EVENT_RETENTION_DAYS', default: '30', meaning: 'Days a handled inbound webhook event is kept, and a redelivery of it recognised (senders retry for up to 3 days); one an open dead letter needs is kept' },
    { name: 'WEBHOOK_DELIVERY_RETENTION_DAYS', default: '30', meaning: 'Days a finished outbound webhook delivery (succeeded, dead or cancelled) is kept with its attempts; one an open dead letter needs is kept' },
    { name: 'JOB_ATTEMPT_RETENTION_DAYS', default: '30', meaning: 'Days the failed attempts of a job that did not end as a dead letter are kept (a dead letter keeps its own)' },
    { name: 'DEAD_LETTER_RETENTION_DAYS', default: '90', meaning: 'Days a replayed or discarded dead letter is kept with its attempts; open ones are never purged' },
    { name: 'AUDIT_LOG_RETENTION_DAYS', default: '365', meaning: 'Days an admin action stays in the audit log' },
  ],
  read: (read) => ({
    cron: read('RETENTION_PURGE_CRON', cron),
    webhookEventDays: read('WEBHOOK_EVENT_RETENTION_DAYS', days),
    webhookDeliveryDays: read('WEBHOOK_DELIVERY_RETENTION_DAYS', days),
    jobAttemptDays: read('JOB_ATTEMPT_RETENTION_DAYS', days),
    deadLetterDays: read('DEAD_LETTER_RETENTION_DAYS', days),
    auditLogDays: read('AUDIT_LOG_RETENTION_DAYS', days),
  }),
};
