import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';
import { GATEWAY_VERSION } from './version.js';

export interface SentryConfig {
  readonly dsn: string;
  readonly release: string;
  readonly environment: string;
}

export interface MetricsConfig {
  /** Credentials a scraper sends; undefined: /metrics answers anyone. An admin principal is always let in. */
  readonly basicAuth: { readonly user: string; readonly password: string } | undefined;
}

/** auto: human-readable on a terminal, JSON otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface ObservabilityConfig {
  readonly logFormat: LogFormat;
  /** Undefined when SENTRY_DSN is not set: then the SDK is not even loaded. */
  readonly sentry: SentryConfig | undefined;
  readonly metrics: MetricsConfig;
}

/** A DSN names its project key (the user part) and its project id (the last path segment). */
const dsn = z
  .url({ protocol: /^https?$/ })
  .refine((value) => {
    const parsed = new URL(value);
    return parsed.username !== '' && /\/\d+$/.test(parsed.pathname);
  }, 'a Sentry DSN: http(s)://<public key>@<host>/<project id>');

const basicAuth = z
  .string()
  .regex(/^[^:]+:.{8,}$/, 'user:password, with a password of at least 8 characters')
  .transform((value) => {
    const colon = value.indexOf(':');
    return { user: value.slice(0, colon), password: value.slice(colon + 1) };
  });

const label = z.string().min(1).max(200);

export const observabilityConfigSection: ConfigSection<ObservabilityConfig> = {
  variables: [
    { name: 'LOG_FORMAT', default: 'auto', meaning: 'auto | json | pretty: auto writes human-readable lines when stdout is a terminal and JSON lines otherwise' },
    { name: 'SENTRY_DSN', default: '', meaning: 'Sentry DSN: unexpected errors, upstream failures past retries and breaker openings are reported there; empty = Sentry off (the SDK is not loaded)' },
    { name: 'SENTRY_RELEASE', default: '', meaning: 'Release reported to Sentry; empty = switchyard@<package version>' },
    { name: 'SENTRY_ENVIRONMENT', default: '', meaning: 'Environment reported to Sentry; empty = NODE_ENV' },
    { name: 'METRICS_BASIC_AUTH', default: '', meaning: 'user:password a scraper must send to GET /metrics (an admin API key also works); empty = /metrics is open' },
  ],
  read: (read) => {
    const sentryDsn = read('SENTRY_DSN', dsn.optional());
    const release = read('SENTRY_RELEASE', label.optional());
    const environment = read('SENTRY_ENVIRONMENT', label.optional());
    // NODE_ENV is validated by config.ts; here it only names the environment.
    const nodeEnvironment = read('NODE_ENV', z.string());
    return {
      logFormat: read('LOG_FORMAT', z.enum(['auto', 'json', 'pretty'])),
      sentry: sentryDsn
        ? { dsn: sentryDsn, release: release ?? `switchyard@${GATEWAY_VERSION}`, environment: environment ?? nodeEnvironment }
        : undefined,
      metrics: { basicAuth: read('METRICS_BASIC_AUTH', basicAuth.optional()) },
    };
  },
};
