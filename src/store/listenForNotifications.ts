import pg from 'pg';
import type { Logger } from 'pino';
import { redactDatabaseUrl } from './redactDatabaseUrl.js';

export interface NotificationListenerOptions {
  readonly databaseUrl: string;
  readonly channel: string;
  readonly logger: Logger;
  /** Shown in pg_stat_activity, so operators can tell this session from the pool's. */
  readonly applicationName: string;
  onNotification(payload: string): void;
  /**
   * After every connection, the first included: what was sent while nobody listened is lost, so
   * whatever those notifications would have changed has to be assumed changed.
   */
  onListening(): void;
}

export interface NotificationListener {
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;

/**
 * LISTEN on a session of its own (a pooled one would be handed to other queries, and a notification
 * only reaches the session that listens), reconnecting with backoff when it is lost. Resolves after
 * the first attempt whether or not it connected: the caller works without notifications meanwhile.
 */
export async function listenForNotifications(options: NotificationListenerOptions): Promise<NotificationListener> {
  const log = options.logger.child({ component: 'notifications', channel: options.channel });
  let client: pg.Client | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = FIRST_RETRY_MS;

  const connect = async (): Promise<void> => {
    const candidate = new pg.Client({ connectionString: options.databaseUrl, application_name: options.applicationName });
    let lost = false;
    // pg reports one loss as an error, an end, or both; and a failed connect also rejects.
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (client === candidate) client = undefined;
      void candidate.end().catch(() => undefined);
      if (closed) return;
      log.warn({ err: error && { message: error.message }, url: redactDatabaseUrl(options.databaseUrl), retryMs }, 'not listening for notifications; reconnecting');
      retryTimer = setTimeout(() => void connect(), retryMs).unref();
      retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
    };
    candidate.on('error', onLost);
    candidate.on('end', () => onLost());
    candidate.on('notification', (message) => {
      if (message.channel === options.channel && message.payload !== undefined) options.onNotification(message.payload);
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${candidate.escapeIdentifier(options.channel)}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (closed) {
      await candidate.end().catch(() => undefined);
      return;
    }
    client = candidate;
    retryMs = FIRST_RETRY_MS;
    options.onListening();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
