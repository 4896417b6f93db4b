import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { errorBody } from '../errors/errorBody.js';
import { ErrorCode } from '../errors/errorCatalogue.js';
import { factsOf } from '../observability/requestFacts.js';
import { publicHttpError } from './publicHttpError.js';
import { registerHardening } from './registerHardening.js';
import { requestIdFor } from './requestId.js';

export interface HttpServerOptions {
  /** Told of each request that fails with a 5xx (error reporting). */
  readonly onServerError?: (error: FastifyError, request: FastifyRequest) => void;
}

/** A Fastify instance with request ids, one log line per request and errors that never leak internals. */
export function buildHttpServer(config: Config, logger: Logger, options: HttpServerOptions = {}): FastifyInstance {
  const app = Fastify({
    // pino's Logger is wider than Fastify's logger interface; narrowing keeps the instance type plain.
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: requestIdFor,
    // One line per request, written by the onResponse hook below with what an operator needs.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: config.http.bodyLimitBytes,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  registerHardening(app, config.hardening);

  // Requests still in flight when shutdown starts finish normally, then their keep-alive
  // connections close, so the server can stop without waiting for the clients' idle timeouts.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });

  app.addHook('onResponse', async (request, reply) => {
    const facts = factsOf(request);
    request.log.info(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
        principalId: facts?.principalId,
        operationName: facts?.operationName,
        outcome: facts?.outcome,
      },
      'request completed',
    );
  });

  const production = config.environment === 'production';
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const refusal = publicHttpError(error, production);
    if (refusal.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      options.onServerError?.(error, request);
    }
    else if (production) request.log.info({ err: { message: error.message, code: error.code }, statusCode: refusal.status }, 'request refused');
    return reply.status(refusal.status).send(errorBody(refusal, request.id));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody({ code: ErrorCode.NOT_FOUND, message: `No route ${request.method} ${request.url.split('?')[0]}` }, request.id)),
  );

  return app;
}
