import type { FastifyInstance } from 'fastify';

/**
 * One part of the gateway, built whole by its factory from what it needs: it adds its routes and
 * hooks to the server when registered, and releases what it holds when closed. buildApp registers
 * features in route order and closes them in shutdown order.
 */
export interface Feature {
  register?(server: FastifyInstance): Promise<void>;
  close?(): Promise<void>;
}
