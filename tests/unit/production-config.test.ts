import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { SANDBOX_CREDENTIALS, SANDBOX_WEBHOOK_SECRETS } from '../../src/sandbox/startSandbox.js';

/** Real-looking values for everything a production start must be given. */
const REAL: Record<string, string> = {
  NODE_ENV: 'production',
  CRM_BASE_URL: 'https://api.hubapi.com',
  ERP_BASE_URL: 'https://erp.example.com',
  PAYMENTS_BASE_URL: 'https://api.stripe.com',
  SHIPPING_BASE_URL: 'https://api.easypost.com',
  EINVOICING_BASE_URL: 'https://api.e-invoice.be',
  CRM_ACCESS_TOKEN: 'pat-eu1-0123',
  ERP_DATABASE: 'acme',
  ERP_USERNAME: 'admin',
  ERP_PASSWORD: 'a-long-odoo-api-key',
  PAYMENTS_SECRET_KEY: 'sk_live_0123',
  SHIPPING_API_KEY: 'EZAK_0123',
  EINVOICING_API_KEY: 'einv-live-0123',
  STRIPE_WEBHOOK_SECRETS: 'whsec_live0123',
  SHIPPING_WEBHOOK_SECRETS: `whsec_${Buffer.from('a real carrier key').toString('base64')}`,
  EINVOICING_WEBHOOK_SECRETS: 'a-real-access-point-secret',
};

function issuesOf(env: Record<string, string>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('configuration with NODE_ENV=production', () => {
  it('names every unset upstream URL, credential and webhook secret at once instead of starting the sandbox', () => {
    const issues = issuesOf({ NODE_ENV: 'production' });
    const unset = Object.keys(REAL).filter((name) => name !== 'NODE_ENV');
    for (const name of unset) expect(issues).toContainEqual(expect.stringMatching(new RegExp(`^${name} is unset`)));
    expect(issues).toHaveLength(unset.length);
  });

  it("refuses each of the sandbox's own secrets, also inside a list of rotating secrets", () => {
    const placeholders: Record<string, string> = {
      CRM_ACCESS_TOKEN: SANDBOX_CREDENTIALS.crm.token,
      ERP_PASSWORD: SANDBOX_CREDENTIALS.erp.password,
      PAYMENTS_SECRET_KEY: SANDBOX_CREDENTIALS.payments.secretKey,
      SHIPPING_API_KEY: SANDBOX_CREDENTIALS.shipping.apiKey,
      STRIPE_WEBHOOK_SECRETS: `whsec_live0123,${SANDBOX_WEBHOOK_SECRETS.payments}`,
      SHIPPING_WEBHOOK_SECRETS: SANDBOX_WEBHOOK_SECRETS.shipping,
      EINVOICING_API_KEY: SANDBOX_CREDENTIALS.einvoicing.apiKey,
      EINVOICING_WEBHOOK_SECRETS: SANDBOX_WEBHOOK_SECRETS.einvoicing,
    };
    const issues = issuesOf({ ...REAL, ...placeholders });
    expect(issues.map((issue) => issue.split(' ')[0]).sort()).toEqual(Object.keys(placeholders).sort());
    for (const issue of issues) expect(issue).toContain("is the sandbox's placeholder");
  });

  it('keeps the sandbox login and database name, which real Odoo servers use too, when set on purpose', () => {
    const config = parseConfig({ ...REAL, ERP_USERNAME: SANDBOX_CREDENTIALS.erp.username, ERP_DATABASE: SANDBOX_CREDENTIALS.erp.db });
    expect(config.systems.erp.credentials).toMatchObject({ username: 'admin', db: 'switchyard' });
  });

  it('starts against the real systems when every value is given', () => {
    const config = parseConfig(REAL);
    expect(config.sandbox.enabled).toBe(false);
    expect(config.systems.payments.credentials.secretKey).toBe('sk_live_0123');
  });

  it('runs the sandbox only when SANDBOX=true says so', () => {
    expect(parseConfig({ NODE_ENV: 'production', SANDBOX: 'true' }).sandbox.enabled).toBe(true);
    expect(issuesOf({ NODE_ENV: 'production', SANDBOX: 'auto' }).length).toBeGreaterThan(0);
    expect(issuesOf({ ...REAL, SANDBOX: 'false', PAYMENTS_SECRET_KEY: 'sk_test_sandbox' })).toEqual([
      expect.stringMatching(/^PAYMENTS_SECRET_KEY is the sandbox's placeholder/),
    ]);
  });

  it('leaves development alone: no configuration still means the sandbox', () => {
    expect(parseConfig({ NODE_ENV: 'development' }).sandbox.enabled).toBe(true);
  });
});
