import { pino, type Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { LogFormat } from '../config/observabilityConfig.js';

/** Credentials as they appear in request headers, configuration and upstream payloads. */
const SECRET_FIELDS = [
  'password',
  'secret',
  'secretKey',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'clientSecret',
  'client_secret',
  'privateKey',
  'apiKeySecret',
];
const SECRET_HEADERS = ['authorization', '["proxy-authorization"]', '["x-api-key"]', 'cookie', '["set-cookie"]'];

const REDACT_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
  ...SECRET_HEADERS.flatMap((header) =>
    ['req.headers', 'res.headers', 'headers', '*.headers'].map((parent) => `${parent}${header.startsWith('[') ? header : `.${header}`}`),
  ),
];

/** HTTP client errors (got) carry their request options, upstream credentials included, as enumerable properties. */
const CLIENT_INTERNALS = new Set(['options', 'request', 'response', 'timings']);

function withoutClientInternals(serialized: unknown): unknown {
  if (!serialized || typeof serialized !== 'object') return serialized;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) {
    if (CLIENT_INTERNALS.has(key)) continue;
    kept[key] = key === 'cause' ? withoutClientInternals(value) : value;
  }
  return kept;
}

/** One line per event still (fields after the message), to stdout (fd 1), local time to the millisecond. */
const PRETTY_OPTIONS = { destination: 1, singleLine: true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss.l' };

/** Whether stdout gets pino-pretty's lines: asked for, or `auto` on a terminal (a person reading). */
export function writesPrettyLogs(format: LogFormat, stdoutIsTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTerminal);
}

/**
 * Structured logs, one line per event; credentials never reach a log line. Lines are JSON into
 * `destination` and, without one, into stdout unless `format` makes them human-readable there
 * (pino-pretty in pino's transport worker, which formats the same redacted records).
 */
export function createLogger(level: Config['logLevel'], destination?: pino.DestinationStream, format: LogFormat = 'json'): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'switchyard' },
    serializers: { err: (error: Error) => withoutClientInternals(pino.stdSerializers.err(error)) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  if (destination === undefined && writesPrettyLogs(format, process.stdout.isTTY === true)) {
    return pino(options, pino.transport({ target: 'pino-pretty', options: PRETTY_OPTIONS }));
  }
  return pino(options, destination);
}
