import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { CloseCode, type Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Principal } from '../auth/Principal.js';
import { ErrorCode } from '../errors/errorCatalogue.js';
import type { GatewayContext } from '../graphql/context.js';
import { formatError } from '../graphql/errors.js';
import type { RequestPolicy } from '../limits/createRequestPolicy.js';

export interface SubscriptionServerOptions {
  /** The executable schema HTTP uses, so @auth and every resolver rule apply alike. */
  readonly schema: GraphQLSchema;
  /** Default `/graphql`: the same path as HTTP; only WebSocket upgrades reach this server. */
  readonly path?: string;
  /** The HTTP check, given connection_init's credentials as headers and the upgrade request. */
  authenticate(headers: IncomingHttpHeaders, request: IncomingMessage): Promise<Principal>;
  /** The resolver context of one subscription. */
  context(principal: Principal, requestId: string, log: Logger): GatewayContext;
  readonly logger: Logger;
  /** Largest message a client may send. */
  readonly maxPayloadBytes: number;
  /** HTTP's request policy: rate limits, trusted documents, shape limits and cost apply to each subscription alike. */
  readonly policy: Pick<RequestPolicy, 'admitOperation'>;
}

export interface SubscriptionServer {
  /** Takes upgrades on another listener of the same app too (the mTLS one); Fastify's own is attached already. */
  attach(server: HttpServer): void;
  /** Closes every socket (1001 Going away) and stops taking upgrades; also done when Fastify closes. */
  close(): Promise<void>;
}

/** What a client may put in connection_init, with the meaning of the HTTP headers of the same names. */
const CREDENTIAL_PARAMS = ['authorization', 'x-api-key'] as const;

function credentialsOf(params: Readonly<Record<string, unknown>> | undefined, request: IncomingMessage): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    const lower = name.toLowerCase();
    if ((CREDENTIAL_PARAMS as readonly string[]).includes(lower) && typeof value === 'string') headers[lower] = value;
  }
  // A server-side client may have sent them on the upgrade request instead; browsers cannot.
  if (Object.keys(headers).length > 0) return headers;
  for (const name of CREDENTIAL_PARAMS) if (typeof request.headers[name] === 'string') headers[name] = request.headers[name];
  return headers;
}

/** WebSocket close reasons are limited to 123 bytes. */
const reason = (text: string) => (Buffer.byteLength(text) <= 120 ? text : `${Buffer.from(text).subarray(0, 117).toString('utf8')}...`);

/** As Apollo answers over HTTP; `extensions.http` (a status for HTTP responses) means nothing on a socket. */
function format(errors: readonly GraphQLError[]) {
  return errors.map((error) => {
    const { http: _http, ...extensions } = error.extensions;
    return formatError({ ...error.toJSON(), extensions }, error);
  });
}

const subscriptionsOnly = (operation: { readonly operation: string } | null | undefined) =>
  operation && operation.operation !== 'subscription'
    ? new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations as HTTP POST /graphql', {
        extensions: { code: ErrorCode.BAD_REQUEST },
      })
    : null;

/**
 * GraphQL subscriptions over graphql-ws (subprotocol graphql-transport-ws) on the HTTP server's own
 * port and path: Apollo Server 5 runs no subscriptions, so a `ws` server takes the upgrade requests
 * for `path` and graphql-ws executes them against the same schema. Credentials come in
 * connection_init and are checked like HTTP headers: none closes the socket with 4401, wrong ones
 * with 4403. Each subscription passes the request policy HTTP requests pass, and counts as one
 * request of the plan. Only subscriptions are served: queries and mutations stay on HTTP, where
 * idempotency applies.
 */
export function attachSubscriptionServer(app: FastifyInstance, options: SubscriptionServerOptions): SubscriptionServer {
  const path = options.path ?? '/graphql';
  const log = options.logger.child({ component: 'subscriptions' });
  const principals = new WeakMap<Context, { principal: Principal; connectionId: string }>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });

  const attached = new Map<HttpServer, (request: IncomingMessage, socket: Duplex, head: Buffer) => void>();
  const attach = (server: HttpServer) => {
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const pathname = new URL(request.url ?? '/', 'http://gateway').pathname;
      if (pathname !== path) {
        // Another upgrade listener may own this path; without one, nobody would ever answer.
        if (server.listenerCount('upgrade') === 1) socket.destroy();
        return;
      }
      wss.handleUpgrade(request, socket, head, (websocket) => wss.emit('connection', websocket, request));
    };
    server.on('upgrade', onUpgrade);
    attached.set(server, onUpgrade);
  };
  attach(app.server);

  const server = useServer(
    {
      schema: options.schema,
      async onConnect(ctx) {
        const { socket, request } = ctx.extra;
        let principal: Principal;
        try {
          principal = await options.authenticate(credentialsOf(ctx.connectionParams, request), request);
        } catch (error) {
          const code = error instanceof GraphQLError ? error.extensions.code : undefined;
          if (code === ErrorCode.UNAUTHENTICATED) {
            socket.close(CloseCode.Forbidden, reason(`Forbidden: ${(error as Error).message}`));
          } else {
            log.warn({ err: { message: (error as Error).message } }, 'could not authenticate a subscription connection');
            socket.close(1013, reason(`Try again later: ${(error as Error).message}`));
          }
          return false;
        }
        if (principal.kind === 'anonymous') {
          socket.close(CloseCode.Unauthorized, 'Unauthorized: send { "authorization": "Bearer <key or token>" } in connection_init');
          return false;
        }
        const connectionId = randomUUID();
        principals.set(ctx, { principal, connectionId });
        log.info({ connectionId, principal: principal.id }, 'subscription connection opened');
        return true;
      },
      async onSubscribe(ctx, _id, payload) {
        const admission = await options.policy.admitOperation({
          principal: principals.get(ctx)!.principal,
          schema: options.schema,
          query: payload.query,
          extensions: payload.extensions,
          operationName: payload.operationName,
          variables: payload.variables,
          checkOperation: subscriptionsOnly,
        });
        if (admission.outcome === 'refused') return [...admission.errors];
        return { schema: options.schema, document: admission.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context(ctx, id) {
        const connection = principals.get(ctx)!;
        const requestId = `ws-${connection.connectionId}-${id}`;
        return options.context(connection.principal, requestId, log.child({ requestId }));
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wss,
  );

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      for (const [httpServer, onUpgrade] of attached) httpServer.off('upgrade', onUpgrade);
      await server.dispose();
    })();
    return closed;
  };
  // Open sockets would keep the HTTP server from closing: they go first.
  app.addHook('preClose', close);
  return { attach, close };
}
