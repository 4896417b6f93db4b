import { pino, type Logger } from 'pino';
import type { Config } from '../config.js';

/** Structured JSON logs, one line per event; credentials never reach a log line. */
export function createLogger(level: Config['logLevel'], destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'switchyard' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.password', '*.secretKey', '*.token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
