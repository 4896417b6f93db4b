import type { Sandbox, SandboxSystem } from '../../src/sandbox/startSandbox.js';
import { SANDBOX_SYSTEMS } from '../../src/sandbox/startSandbox.js';
import type { RequestStatsSnapshot } from '../../src/sandbox/stats.js';

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Fetches and parses JSON when the body is JSON; the text is kept for HTML or plain answers. */
export async function call(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export function authHeaders(sandbox: Sandbox, system: SandboxSystem): Record<string, string> {
  const { credentials } = sandbox;
  switch (system) {
    case 'crm': return { authorization: `Bearer ${credentials.crm.token}` };
    case 'payments': return { authorization: `Bearer ${credentials.payments.secretKey}` };
    case 'shipping': return { authorization: `Basic ${Buffer.from(`${credentials.shipping.apiKey}:`).toString('base64')}` };
    case 'erp': return {};
    case 'einvoicing': return { authorization: `Bearer ${credentials.einvoicing.apiKey}` };
  }
}

/** An authenticated GET, DELETE, JSON POST, PUT or PATCH, or form POST (Stripe's encoding) against one system. */
export function api(sandbox: Sandbox, system: SandboxSystem) {
  const headers = authHeaders(sandbox, system);
  const send = (method: string, path: string, contentType: string, body: string, init: RequestInit) =>
    call(`${sandbox.urls[system]}${path}`, {
      ...init,
      method,
      headers: { ...headers, 'content-type': contentType, ...(init.headers as Record<string, string>) },
      body,
    });
  const json = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));
  return {
    get: (path: string, init: RequestInit = {}) => call(`${sandbox.urls[system]}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } }),
    post: (path: string, body: unknown, init: RequestInit = {}) => send('POST', path, 'application/json', json(body), init),
    put: (path: string, body: unknown = {}, init: RequestInit = {}) => send('PUT', path, 'application/json', json(body), init),
    patch: (path: string, body: unknown, init: RequestInit = {}) => send('PATCH', path, 'application/json', json(body), init),
    delete: (path: string, init: RequestInit = {}) => call(`${sandbox.urls[system]}${path}`, { ...init, method: 'DELETE', headers: { ...headers, ...(init.headers as Record<string, string>) } }),
    /** Keys use Stripe's brackets as they go on the wire: `{ 'metadata[order_ref]': 'S1' }`. */
    form: (path: string, params: Record<string, string | number | boolean> = {}, init: RequestInit = {}) =>
      send('POST', path, 'application/x-www-form-urlencoded', new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)])).toString(), init),
  };
}

/** Moves the sandbox clock forward (shared by the five systems). */
export function advanceClock(sandbox: Sandbox, advanceMs: number): Promise<JsonResponse> {
  return call(`${sandbox.urls.payments}/_control/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs }),
  });
}

let rpcId = 0;

/** One Odoo JSON-RPC call; answers the whole envelope. */
export async function rpc(sandbox: Sandbox, service: string, method: string, args: unknown[]): Promise<JsonResponse> {
  return call(`${sandbox.urls.erp}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: ++rpcId }),
  });
}

/** `execute_kw` as the sandbox admin. */
export function executeKw(sandbox: Sandbox, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) {
  const { db, password } = sandbox.credentials.erp;
  return rpc(sandbox, 'object', 'execute_kw', [db, 2, password, model, method, args, kwargs]);
}

/** A control API call (no auth): a JSON POST when a body is given, a GET otherwise, unless `method` says else. */
export function control(sandbox: Sandbox, system: SandboxSystem, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<JsonResponse> {
  return call(`${sandbox.urls[system]}/_control/${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

export function addFault(sandbox: Sandbox, system: SandboxSystem, fault: Record<string, unknown>): Promise<JsonResponse> {
  return call(`${sandbox.urls[system]}/_control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
}

export async function stats(sandbox: Sandbox, system: SandboxSystem): Promise<RequestStatsSnapshot> {
  return (await call(`${sandbox.urls[system]}/_control/stats`)).body;
}

/** The request counts of a stats snapshot, without the byte and rate-limit counts most tests do not check. */
export async function requestCounts(sandbox: Sandbox, system: SandboxSystem): Promise<Pick<RequestStatsSnapshot, 'requests' | 'byRoute'>> {
  const { requests, byRoute } = await stats(sandbox, system);
  return { requests, byRoute };
}

export async function resetAll(sandbox: Sandbox): Promise<void> {
  await Promise.all(SANDBOX_SYSTEMS.map((system) => call(`${sandbox.urls[system]}/_control/reset`, { method: 'POST' })));
}
