import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { GATEWAY_VERSION } from '../../src/config/version.js';

describe('observability configuration', () => {
  it('leaves Sentry off, /metrics open and the log format to the terminal by default', () => {
    expect(parseConfig({}).observability).toEqual({ logFormat: 'auto', sentry: undefined, metrics: { basicAuth: undefined } });
  });

  it('takes LOG_FORMAT json or pretty, and refuses anything else', () => {
    expect(parseConfig({ LOG_FORMAT: 'json' }).observability.logFormat).toBe('json');
    expect(parseConfig({ LOG_FORMAT: 'pretty' }).observability.logFormat).toBe('pretty');
    expect(() => parseConfig({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT="yaml"/);
  });

  it('reports to a DSN with the package version and NODE_ENV unless told otherwise', () => {
    const dsn = 'https://0123abcd@o1.ingest.example.io/42';
    expect(parseConfig({ SENTRY_DSN: dsn, NODE_ENV: 'production', SANDBOX: 'true' }).observability.sentry).toEqual({
      dsn,
      release: `switchyard@${GATEWAY_VERSION}`,
      environment: 'production',
    });
    expect(parseConfig({ SENTRY_DSN: dsn, SENTRY_RELEASE: 'abc123', SENTRY_ENVIRONMENT: 'staging' }).observability.sentry).toMatchObject({
      release: 'abc123',
      environment: 'staging',
    });
  });

  it('splits METRICS_BASIC_AUTH at its first colon', () => {
    expect(parseConfig({ METRICS_BASIC_AUTH: 'prometheus:pass:word-123' }).observability.metrics.basicAuth).toEqual({
      user: 'prometheus',
      password: 'pass:word-123',
    });
  });

  it('refuses a DSN without key or project, and credentials without a real password', () => {
    expect(() => parseConfig({ SENTRY_DSN: 'https://o1.ingest.example.io/42' })).toThrow(/SENTRY_DSN=.*a Sentry DSN/);
    expect(() => parseConfig({ SENTRY_DSN: 'https://key@o1.ingest.example.io/' })).toThrow(/SENTRY_DSN=/);
    expect(() => parseConfig({ METRICS_BASIC_AUTH: 'prometheus:short' })).toThrow(/METRICS_BASIC_AUTH=.*at least 8 characters/);
    expect(() => parseConfig({ METRICS_BASIC_AUTH: 'no-colon-here' })).toThrow(/METRICS_BASIC_AUTH=/);
  });
});
