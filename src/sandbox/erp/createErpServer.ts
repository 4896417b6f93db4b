import type { FastifyInstance } from 'fastify';
import type { SandboxData } from '../data/SandboxData.js';
import type { SandboxCredentials } from '../SandboxSystem.js';
import type { SystemServerOptions } from '../server/createSystemServer.js';
import { createSystemServer } from '../server/createSystemServer.js';
import { isRecord, jsonBody } from '../server/requestBody.js';
import { dispatchJsonRpc, readTarget } from './dispatchJsonRpc.js';
import { OdooError } from './OdooError.js';
import { jsonRpcError, odooProductError } from './odooErrors.js';

export interface ErpServerOptions extends SystemServerOptions {
  data: SandboxData;
  credentials: SandboxCredentials['erp'];
}

/** "POST /jsonrpc object.execute_kw res.partner read", so faults and stats can target one model method. */
function erpRouteKey(body: unknown, baseKey: string): string {
  const target = isRecord(body) ? readTarget(body.params) : undefined;
  if (!target) return baseKey;
  const key = `${baseKey} ${target.service}.${target.method}`;
  const [, , , model, method] = target.args;
  const isModelCall = target.service === 'object' && (target.method === 'execute_kw' || target.method === 'execute');
  return isModelCall && typeof model === 'string' && typeof method === 'string' ? `${key} ${model} ${method}` : key;
}

/** A simulated Odoo: the external API over JSON-RPC on POST /jsonrpc. */
export function createErpServer(options: ErpServerOptions): FastifyInstance {
  const { app } = createSystemServer({
    ...options,
    system: 'erp',
    productError: odooProductError,
    refineRouteKey: (request, baseKey) => {
      if (baseKey !== 'POST /jsonrpc') return baseKey;
      const body = jsonBody(request);
      return body.ok ? erpRouteKey(body.value, baseKey) : baseKey;
    },
  });

  app.post('/jsonrpc', async (request, reply) => {
    const body = jsonBody(request);
    // Odoo rejects unparseable bodies before JSON-RPC dispatch, with a bare 400.
    if (!body.ok) return reply.code(400).type('text/plain; charset=utf-8').send('Invalid JSON data');
    if (!isRecord(body.value)) return reply.code(400).type('text/plain; charset=utf-8').send('Invalid JSON-RPC data');
    const id = body.value.id ?? null;
    try {
      const result = dispatchJsonRpc(body.value.params, options.data.erp, options.credentials, options.clock.now());
      return { jsonrpc: '2.0', id, result };
    } catch (error) {
      if (error instanceof OdooError) return jsonRpcError(id, error);
      throw error;
    }
  });

  return app;
}
