import type { Logger } from 'pino';

/** Errors from a shared store are logged at most this often: when it is down, every request would log one. */
const LOG_INTERVAL_MS = 10_000;

/** Logs `message` with the error at most once per interval. */
export function throttledLog(logger: Logger, message: string): (error: unknown) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < LOG_INTERVAL_MS) return;
    last = Date.now();
    logger.error({ err: error }, message);
  };
}
