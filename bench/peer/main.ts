import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/SandboxSystem.js';
import { createMemoryKeyValueCache } from './createMemoryKeyValueCache.js';
import { PEER_ERP_UID_ENV, PEER_RESPONSE_CACHE_TTL_ENV, PEER_SUPERGRAPH_ENV } from './peerEnv.js';
import { createPeerResolvers, peerTypeDefs } from './peerResolvers.js';

/**
 * The peer: Hive Gateway's runtime serving the Mesh-composed supergraph over node:http, in one process
 * as Switchyard runs (the `hive-gateway` CLI would fork a worker per core, and this machine's two cores
 * are shared with the sandbox and the load generator). Where the sandbox systems are comes from the
 * environment the supergraph names (`PEER_*_URL`).
 */
const supergraph = process.env[PEER_SUPERGRAPH_ENV];
const uid = Number(process.env[PEER_ERP_UID_ENV]);
if (!supergraph || !Number.isInteger(uid)) throw new Error(`${PEER_SUPERGRAPH_ENV} and ${PEER_ERP_UID_ENV} must be set`);

/** The part of `@graphql-hive/gateway-runtime` this process uses. */
interface HiveGatewayRuntime {
  createGatewayRuntime(config: {
    supergraph: string;
    additionalTypeDefs: string;
    additionalResolvers: ReturnType<typeof createPeerResolvers>;
    logging: 'error';
    cache?: ReturnType<typeof createMemoryKeyValueCache>;
    responseCaching?: { session: () => null; ttl: number };
  }): RequestListener & { dispose(): void | Promise<void> };
}

// Imported by a name TypeScript does not resolve: the runtime's declarations (through graphql-yoga's)
// augment graphql's GraphQLErrorExtensions and the fetch types for the whole program, which would break
// how src/ type-checks, since tsconfig.json takes in bench/ too.
const runtimeModule: string = '@graphql-hive/gateway-runtime';
const { createGatewayRuntime } = (await import(runtimeModule)) as HiveGatewayRuntime;

const { db, password } = SANDBOX_CREDENTIALS.erp;
// With a TTL, Hive's response cache (the plugin its docs describe), shared by every client (no session).
const responseCacheTtlMs = Number(process.env[PEER_RESPONSE_CACHE_TTL_ENV] ?? 0);
const gateway = createGatewayRuntime({
  supergraph,
  additionalTypeDefs: peerTypeDefs,
  additionalResolvers: createPeerResolvers({ db, uid, password }),
  logging: 'error',
  ...(responseCacheTtlMs > 0 ? { cache: createMemoryKeyValueCache(), responseCaching: { session: () => null, ttl: responseCacheTtlMs } } : {}),
});

const server = createServer(gateway);
server.listen(0, '127.0.0.1');
await once(server, 'listening');
console.log(`Hive Gateway listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);

const shutdown = (): void => {
  server.close();
  void Promise.resolve(gateway.dispose()).then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
