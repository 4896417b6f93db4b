import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultRule } from '../faults.js';
import type { ProductErrorFactory } from './productError.js';
import { sendProductError } from './productError.js';

/** Resolves true after `ms`, or false as soon as the client's connection closes. */
function waitWhileConnected(request: FastifyRequest, ms: number): Promise<boolean> {
  const socket = request.raw.socket;
  if (socket.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      socket.off('close', onClose);
      resolve(true);
    }, ms);
    socket.once('close', onClose);
  });
}

/**
 * Acts out a fault. Returns true when the request is finished (answered, dropped or held
 * forever) and false when it should go on to be served normally.
 */
export async function injectFault(
  rule: FaultRule,
  request: FastifyRequest,
  reply: FastifyReply,
  productError: ProductErrorFactory,
): Promise<boolean> {
  switch (rule.mode) {
    case 'error':
      sendProductError(reply, productError(rule.status ?? 503, request), rule.retryAfter);
      return true;
    case 'timeout':
      // Hold the socket open without answering; the client gives up, or server close destroys it.
      reply.hijack();
      return true;
    case 'down':
      reply.hijack();
      request.raw.socket.resetAndDestroy();
      return true;
    case 'slow': {
      const connected = await waitWhileConnected(request, rule.latencyMs ?? 0);
      if (connected) return false;
      reply.hijack();
      return true;
    }
  }
}
