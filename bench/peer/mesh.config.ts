import { defineConfig } from '@graphql-mesh/compose-cli';
import { crmSource } from './sources/crmSource.js';
import { erpSource } from './sources/erpSource.js';
import { paymentsSource } from './sources/paymentsSource.js';
import { shippingSource } from './sources/shippingSource.js';

/**
 * The peer's supergraph: one GraphQL Mesh JSON Schema source per sandbox system, described by hand since
 * the systems publish no OpenAPI. Composed with `mesh-compose -c bench/peer/mesh.config.ts` (the bench does
 * it on every run); the joins across sources are the peer gateway's (peerResolvers.ts).
 */
export const composeConfig = defineConfig({
  subgraphs: [erpSource, crmSource, paymentsSource, shippingSource].map((sourceHandler) => ({ sourceHandler })),
});
