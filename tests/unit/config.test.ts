import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { renderEnvExample } from '../../src/envExample.js';

describe('configuration', () => {
  it('fills every default and runs against the sandbox when no upstream is set', () => {
    const config = parseConfig({});
    expect(config.http.port).toBe(4000);
    expect(config.sandbox.enabled).toBe(true);
    expect(config.systems.crm.resilience.retry).toMatchObject({ limit: 4, baseDelayMs: 1000, maxDelayMs: 8000 });
    expect(Object.isFrozen(config.systems.crm.resilience)).toBe(true);
  });

  it('names every invalid variable at once', () => {
    try {
      parseConfig({ PORT: 'eighty', ERP_RETRY_LIMIT: '-1', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT="eighty"');
      expect(message).toContain('ERP_RETRY_LIMIT="-1"');
      expect(message).toContain('LOG_LEVEL="loud"');
    }
  });

  it('refuses a half-configured set of upstreams rather than guessing', () => {
    expect(() => parseConfig({ CRM_BASE_URL: 'https://api.hubapi.com' })).toThrow(/ERP_BASE_URL, PAYMENTS_BASE_URL, SHIPPING_BASE_URL, EINVOICING_BASE_URL not set/);
  });

  it('talks to the real systems when every URL is set', () => {
    const config = parseConfig({
      CRM_BASE_URL: 'https://api.hubapi.com/',
      ERP_BASE_URL: 'https://erp.example.com',
      PAYMENTS_BASE_URL: 'https://api.stripe.com',
      SHIPPING_BASE_URL: 'https://api.easypost.com',
      EINVOICING_BASE_URL: 'https://api.e-invoice.be',
    });
    expect(config.sandbox.enabled).toBe(false);
    expect(config.systems.crm.baseUrl).toBe('https://api.hubapi.com');
  });

  it('keeps .env.example in step with the variables read', () => {
    expect(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')).toBe(renderEnvExample());
  });
});
