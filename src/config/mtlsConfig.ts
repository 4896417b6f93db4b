import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';
import { normalizeSubject } from './normalizeSubject.js';
import { readableFile } from './readableFile.js';

/** The principal a mapped client certificate becomes (see certificateIdentity). */
export interface CertificatePrincipalSpec {
  readonly name: string;
  readonly role: z.infer<typeof principalSpec>['role'];
  readonly plan: string;
  readonly trustedDocumentsOnly: boolean;
}

export interface MtlsConfig {
  readonly port: number;
  /** PEM files: the listener's own certificate and key, and the CA bundle client certificates must chain to. */
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  /** Keyed by normalised subject (see normalizeSubject). */
  readonly principals: Readonly<Record<string, CertificatePrincipalSpec>>;
}

const principalSpec = z.strictObject({
  role: z.enum(['ADMIN', 'CLIENT']),
  plan: z.string().min(1),
  name: z.string().min(1).optional(),
  trustedDocumentsOnly: z.boolean().optional(),
});

const principals = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'not valid JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), principalSpec))
  .transform((entries, context) => {
    const bySubject: Record<string, CertificatePrincipalSpec> = {};
    for (const [subject, spec] of Object.entries(entries)) {
      try {
        bySubject[normalizeSubject(subject)] = {
          name: spec.name ?? subject,
          role: spec.role,
          plan: spec.plan,
          trustedDocumentsOnly: spec.trustedDocumentsOnly ?? false,
        };
      } catch (error) {
        context.addIssue({ code: 'custom', message: `subject "${subject}": ${(error as Error).message}` });
      }
    }
    return bySubject;
  });

const requiredWithPort = z.string({ error: 'required when MTLS_PORT is set' }).pipe(readableFile);

/** The optional mutual-TLS listener: off unless MTLS_PORT is set, then certificate, key and CA are required. */
export const mtlsConfigSection: ConfigSection<MtlsConfig | undefined> = {
  variables: [
    { name: 'MTLS_PORT', default: '', meaning: 'Port of an extra HTTPS listener that requires client certificates (mTLS); empty = none' },
    { name: 'MTLS_CERT', default: '', meaning: 'PEM file: the mTLS listener\'s server certificate (chain)' },
    { name: 'MTLS_KEY', default: '', meaning: 'PEM file: the mTLS listener\'s private key' },
    { name: 'MTLS_CA', default: '', meaning: 'PEM file: the CA bundle client certificates must be signed by' },
    {
      name: 'MTLS_PRINCIPALS',
      default: '{}',
      meaning:
        'JSON: certificate subject -> principal, e.g. {"CN=erp-sync,O=Acme":{"role":"CLIENT","plan":"pro"}} (optional "name", "trustedDocumentsOnly"); an unmapped subject is refused',
    },
  ],
  read(read) {
    const port = read('MTLS_PORT', z.coerce.number().int().min(0).max(65_535).optional());
    const mapping = read('MTLS_PRINCIPALS', principals);
    if (port === undefined) return undefined;
    return {
      port,
      certFile: read('MTLS_CERT', requiredWithPort),
      keyFile: read('MTLS_KEY', requiredWithPort),
      caFile: read('MTLS_CA', requiredWithPort),
      principals: mapping,
    };
  },
};
