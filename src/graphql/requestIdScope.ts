import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/**
 * Runs one GraphQL HTTP request with its id in scope. Apollo answers some refusals before any plugin
 * sees the request (a body without a query, credentials refused while the context is built), and
 * formatError, which it calls for them, receives no request: it reads the id from here.
 */
export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return scope.run(requestId, work);
}

/** The id of the GraphQL HTTP request being answered; undefined outside one (a subscription message). */
export function requestIdInScope(): string | undefined {
  return scope.getStore();
}
