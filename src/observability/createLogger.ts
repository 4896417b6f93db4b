import { pino, type Logger } from 'pino';
import type { Config } from '../config/index.js';

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

/** Structured JSON logs, one line per event; credentials never reach a log line. */
export function createLogger(level: Config['logLevel'], destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'switchyard' },
      serializers: { err: (error: Error) => withoutClientInternals(pino.stdSerializers.err(error)) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
