// The console's only way to the gateway: POST /graphql with the admin key as a bearer token.

const ENDPOINT = '/graphql';
// Session storage: the key lives as long as the tab and is never written to disk or sent as a cookie.
const STORAGE_KEY = 'switchyard.adminApiKey';

export class GatewayError extends Error {
  constructor(message, { code, status, requestId } = {}) {
    super(message);
    this.name = 'GatewayError';
    this.code = code ?? 'ERROR';
    this.status = status ?? 0;
    this.requestId = requestId;
  }

  /** The key itself was refused (unknown, revoked or expired), as opposed to one operation failing. */
  get rejectsKey() {
    return this.status === 401 || this.code === 'UNAUTHENTICATED';
  }
}

export function storedKey() {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeKey(key) {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey() {
  sessionStorage.removeItem(STORAGE_KEY);
}

let whenKeyRejected = () => {};

/** Called when the gateway stops accepting the stored key mid-session (revoked, rotated, expired). */
export function onKeyRejected(handler) {
  whenKeyRejected = handler;
}

/** Runs one operation and answers its data, or throws a GatewayError with the first error's code. */
export async function graphql(query, variables = {}, key = storedKey()) {
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json;q=0.9',
        authorization: `Bearer ${key ?? ''}`,
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new GatewayError('The gateway could not be reached. Check the connection and try again.', { code: 'NETWORK_ERROR' });
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GatewayError(`The gateway answered HTTP ${response.status} without a GraphQL result.`, {
      code: 'BAD_RESPONSE',
      status: response.status,
    });
  }
  const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
  if (first || !body?.data) {
    const error = new GatewayError(first?.message ?? `The gateway answered HTTP ${response.status} without data.`, {
      code: first?.extensions?.code,
      status: response.status,
      requestId: first?.extensions?.requestId ?? response.headers.get('x-request-id') ?? undefined,
    });
    if (error.rejectsKey && key === storedKey()) whenKeyRejected(error);
    throw error;
  }
  return body.data;
}

/** An error as one sentence for the page, with the request id to quote when asking for help. */
export function describeError(error) {
  if (!(error instanceof GatewayError)) return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  const parts = [error.message];
  if (error.code && error.code !== 'ERROR') parts.push(`(${error.code})`);
  if (error.requestId) parts.push(`request id ${error.requestId}`);
  return parts.join(' ');
}
