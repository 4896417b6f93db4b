import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeSubject } from '../../src/config/normalizeSubject.js';
import { ConfigError, parseConfig } from '../../src/config/index.js';

const issuesOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  return [];
};

const EXISTING_FILE = fileURLToPath(import.meta.url);

describe('certificate subjects', () => {
  it('match whatever the order, spacing or case of attribute types', () => {
    expect(normalizeSubject('CN=erp-sync,O=Acme')).toBe(normalizeSubject('O=Acme\nCN=erp-sync'));
    expect(normalizeSubject(' cn = erp-sync , o=Acme ')).toBe('CN=erp-sync,O=Acme');
  });

  it('keep values case-sensitive and escaped commas inside a value', () => {
    expect(normalizeSubject('CN=erp-sync,O=Acme\\, Inc.')).toBe('CN=erp-sync,O=Acme\\, Inc.');
    expect(normalizeSubject('CN=ERP-sync,O=Acme')).not.toBe(normalizeSubject('CN=erp-sync,O=Acme'));
  });

  it('refuse text that is not TYPE=value', () => {
    expect(() => normalizeSubject('erp-sync')).toThrow(/TYPE=value/);
    expect(() => normalizeSubject('')).toThrow(/at least one/);
  });
});

describe('security configuration', () => {
  it('has no mTLS listener, CORS origin or trusted document by default', () => {
    const config = parseConfig({});
    expect(config.mtls).toBeUndefined();
    expect(config.hardening.corsOrigins).toEqual([]);
    expect(config.trustedDocuments).toEqual({ documents: {}, principalIds: [] });
    expect(config.upstreamTls).toEqual({ crm: undefined, erp: undefined, payments: undefined, shipping: undefined, einvoicing: undefined });
  });

  it('needs certificate, key and CA once MTLS_PORT is set', () => {
    const issues = issuesOf({ MTLS_PORT: '8443' });
    for (const name of ['MTLS_CERT', 'MTLS_KEY', 'MTLS_CA']) {
      expect(issues.find((issue) => issue.startsWith(`${name}=`))).toContain('required when MTLS_PORT is set');
    }
    expect(issuesOf({ MTLS_PORT: '8443', MTLS_CERT: '/nonexistent.pem', MTLS_KEY: EXISTING_FILE, MTLS_CA: EXISTING_FILE })).toEqual([
      'MTLS_CERT="/nonexistent.pem": no readable file at this path',
    ]);
  });

  it('reads MTLS_PRINCIPALS by normalised subject and names it when it is wrong', () => {
    const config = parseConfig({
      MTLS_PORT: '0',
      MTLS_CERT: EXISTING_FILE,
      MTLS_KEY: EXISTING_FILE,
      MTLS_CA: EXISTING_FILE,
      MTLS_PRINCIPALS: JSON.stringify({ 'O=Acme,CN=erp-sync': { role: 'CLIENT', plan: 'pro', trustedDocumentsOnly: true } }),
    });
    expect(config.mtls?.principals).toEqual({
      'CN=erp-sync,O=Acme': { name: 'O=Acme,CN=erp-sync', role: 'CLIENT', plan: 'pro', trustedDocumentsOnly: true },
    });
    expect(issuesOf({ MTLS_PRINCIPALS: '{nope' })[0]).toMatch(/^MTLS_PRINCIPALS=.*not valid JSON/);
    expect(issuesOf({ MTLS_PRINCIPALS: JSON.stringify({ 'CN=x': { role: 'ROOT', plan: 'pro' } }) })[0]).toMatch(/^MTLS_PRINCIPALS=/);
    expect(issuesOf({ MTLS_PRINCIPALS: JSON.stringify({ 'no-equals-sign': { role: 'CLIENT', plan: 'pro' } }) })[0]).toMatch(
      /^MTLS_PRINCIPALS=.*"no-equals-sign"/,
    );
  });

  it('pairs an upstream client certificate with its key', () => {
    expect(issuesOf({ CRM_CLIENT_CERT: EXISTING_FILE })).toEqual(['CRM_CLIENT_KEY="": required when CRM_CLIENT_CERT is set']);
    const config = parseConfig({ PAYMENTS_CA: EXISTING_FILE });
    expect(config.upstreamTls.payments).toEqual({ certFile: undefined, keyFile: undefined, caFile: EXISTING_FILE });
    expect(config.upstreamTls.crm).toBeUndefined();
  });

  it('takes CORS_ORIGINS as a list of bare origins', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173' }).hardening.corsOrigins).toEqual([
      'https://shop.example.com',
      'http://localhost:5173',
    ]);
    expect(issuesOf({ CORS_ORIGINS: 'https://shop.example.com/app' })[0]).toMatch(/^CORS_ORIGINS=.*origin: scheme:\/\/host/);
    expect(issuesOf({ CORS_ORIGINS: '*' })[0]).toMatch(/^CORS_ORIGINS=/);
  });
});
