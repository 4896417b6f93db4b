import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { CertificatePrincipalSpec } from '../config/mtlsConfig.js';
import { normalizeSubject } from '../config/normalizeSubject.js';
import type { Principal } from './Principal.js';

export type CertificatePrincipal = Extract<Principal, { kind: 'certificate' }>;

/** What the mTLS listener learnt about a connection from its verified client certificate. */
export type CertificateIdentity =
  | { readonly kind: 'mapped'; readonly principal: CertificatePrincipal }
  | { readonly kind: 'unmapped'; readonly subject: string };

// Keyed by socket: a certificate is verified once per connection, and every request on that
// connection (keep-alive) is the same principal. Only the mTLS listener binds, so a plain-HTTP
// request can never carry a certificate identity, whatever headers it sends.
const identities = new WeakMap<Socket, CertificateIdentity>();

/** Maps the verified peer certificate of a TLS connection to its principal; null when it is not verified. */
export function identifyCertificate(
  socket: TLSSocket,
  principals: Readonly<Record<string, CertificatePrincipalSpec>>,
): CertificateIdentity | null {
  const certificate = socket.authorized ? socket.getPeerX509Certificate() : undefined;
  if (!certificate) return null;
  let subject: string;
  try {
    subject = normalizeSubject(certificate.subject);
  } catch {
    // A CA may sign a certificate with an empty subject (SAN only): valid, but nothing can map it.
    return { kind: 'unmapped', subject: certificate.subject };
  }
  const spec = principals[subject];
  if (!spec) return { kind: 'unmapped', subject };
  return {
    kind: 'mapped',
    principal: {
      kind: 'certificate',
      id: `cert:${subject}`,
      name: spec.name,
      role: spec.role,
      plan: spec.plan,
      ...(spec.trustedDocumentsOnly ? { trustedDocumentsOnly: true } : {}),
    },
  };
}

export function bindCertificateIdentity(socket: TLSSocket, identity: CertificateIdentity): void {
  identities.set(socket, identity);
}

export function certificateIdentityOf(socket: Socket | null | undefined): CertificateIdentity | undefined {
  return socket ? identities.get(socket) : undefined;
}

/** The certificate principal of a request's connection, when it came through the mTLS listener with a mapped subject. */
export function certificatePrincipalOf(socket: Socket | null | undefined): CertificatePrincipal | undefined {
  const identity = certificateIdentityOf(socket);
  return identity?.kind === 'mapped' ? identity.principal : undefined;
}
