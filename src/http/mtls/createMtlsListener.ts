import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { bindCertificateIdentity, certificateIdentityOf, identifyCertificate } from '../../auth/certificateIdentity.js';
import { errorBody } from '../../errors/errorBody.js';
import { ErrorCode } from '../../errors/errorCatalogue.js';
import type { MtlsConfig } from '../../config/mtlsConfig.js';

export interface MtlsListener {
  readonly server: Server;
  /** Accepts connections once the Fastify instance is ready; resolves with the bound address. */
  listen(host: string): Promise<AddressInfo>;
}

/**
 * The optional mutual-TLS listener, serving the same app as the plain one.
 *
 * Fastify owns exactly one server per instance. A second instance would need every plugin, hook and
 * route registered twice and kept in step by everyone who adds one; instead Node's https server hands
 * its requests to `fastify.routing`, the very function Fastify's own server calls, so both listeners
 * share hooks, routes, the Apollo server and error handling, and differ only in transport. The TLS
 * layer refuses connections without a certificate from MTLS_CA; a verified certificate is mapped to
 * its principal once per connection, and a subject with no mapping gets 403 CERTIFICATE_NOT_MAPPED.
 * The listener closes with Fastify, so app.close() drains both.
 */
export function createMtlsListener(app: FastifyInstance, config: MtlsConfig, logger: Logger): MtlsListener {
  const server = createServer(
    {
      cert: readFileSync(config.certFile),
      key: readFileSync(config.keyFile),
      ca: readFileSync(config.caFile),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (request, response) => app.routing(request, response),
  );
  // The keep-alive Fastify gives its own server, so clients see the same behaviour on both listeners.
  server.keepAliveTimeout = app.initialConfig.keepAliveTimeout ?? server.keepAliveTimeout;

  server.on('secureConnection', (socket: TLSSocket) => {
    const identity = identifyCertificate(socket, config.principals);
    // rejectUnauthorized already drops unverified peers; this only guards against that changing.
    if (identity === null) socket.destroy();
    else bindCertificateIdentity(socket, identity);
  });
  // A certificate that fails verification is dropped without an alert; authorizationError says why.
  server.on('tlsClientError', (error: Error & { code?: string }, socket: TLSSocket) => {
    logger.info(
      { err: { message: error.message, code: error.code }, authorizationError: socket.authorizationError, remoteAddress: socket.remoteAddress },
      'mTLS handshake refused',
    );
  });

  app.addHook('onRequest', async (request, reply) => {
    const identity = certificateIdentityOf(request.raw.socket);
    if (identity?.kind !== 'unmapped') return;
    request.log.warn({ subject: identity.subject }, 'client certificate subject is not mapped to a principal');
    await reply.code(403).send(
      errorBody(
        {
          code: ErrorCode.CERTIFICATE_NOT_MAPPED,
          message: `The client certificate (subject "${identity.subject}") is valid but not mapped to a principal: ask the gateway operator to add its subject to MTLS_PRINCIPALS`,
        },
        request.id,
      ),
    );
    return reply;
  });

  let closed: Promise<void> = Promise.resolve();
  app.addHook('preClose', async () => {
    // In-flight requests finish (and get `connection: close`); idle keep-alive connections go now.
    closed = new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
  });
  app.addHook('onClose', async () => {
    await closed;
  });

  return {
    server,
    async listen(host) {
      await app.ready();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: config.port }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      logger.info({ port: address.port }, 'mTLS listener accepting client certificates');
      return address;
    },
  };
}
