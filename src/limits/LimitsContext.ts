import type { Principal } from '../auth/Principal.js';

/**
 * What the limits need from a GraphQL request's context: only who is asking. Declared here so the
 * plugins and field limits work with any context that carries a principal (the gateway's, or a
 * subscription's), and limits/ never depends on graphql/.
 */
export interface LimitsContext {
  readonly principal: Principal;
}
