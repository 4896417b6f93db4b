/**
 * Values only the sandbox accepts: its secrets (the credentials double as the defaults, so `npm start`
 * needs no configuration) and the signing secrets of its webhooks. A production gateway must not run
 * on them. Logins and database names are not listed: `admin` is a real Odoo login.
 * tests/unit/production-config.test.ts checks this list against src/sandbox/.
 */
export const SANDBOX_PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = {
  CRM_ACCESS_TOKEN: ['sandbox-crm-token'],
  ERP_PASSWORD: ['admin'],
  PAYMENTS_SECRET_KEY: ['sk_test_sandbox'],
  SHIPPING_API_KEY: ['EZTK_sandbox'],
  EINVOICING_API_KEY: ['sandbox-einvoice-key'],
  STRIPE_WEBHOOK_SECRETS: ['whsec_sandboxStripeEndpointSecret0123456789'],
  SHIPPING_WEBHOOK_SECRETS: ['whsec_c3dpdGNoeWFyZC1zYW5kYm94LWNhcnJpZXItc2lnbmluZy1rZXk='],
  EINVOICING_WEBHOOK_SECRETS: ['einv_sandbox_webhook_secret_0123456789'],
};

/**
 * Why a production start is refused: each of `required` (what a sandbox run fills in by itself) that
 * is unset or still a sandbox placeholder, one issue per variable, so one run names them all.
 */
export function productionIssues(env: Readonly<Record<string, string | undefined>>, required: readonly string[]): string[] {
  const issues: string[] = [];
  for (const name of required) {
    const raw = env[name]?.trim() ?? '';
    if (raw === '') {
      issues.push(`${name} is unset: NODE_ENV=production needs the real system's value (or SANDBOX=true to run against the sandbox on purpose)`);
      continue;
    }
    // Secret lists (…_SECRETS) are comma-separated while rotating: any sandbox entry is refused.
    const values = name.endsWith('_SECRETS') ? raw.split(',').map((value) => value.trim()) : [raw];
    if (values.some((value) => SANDBOX_PLACEHOLDERS[name]?.includes(value))) {
      issues.push(`${name} is the sandbox's placeholder: NODE_ENV=production needs the real system's value (or SANDBOX=true)`);
    }
  }
  return issues;
}
