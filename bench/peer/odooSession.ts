import { SANDBOX_CREDENTIALS } from '../../src/sandbox/SandboxSystem.js';

/** What every Odoo `execute_kw` call carries: the database, the logged-in user's id and the password. */
export interface OdooSession {
  readonly db: string;
  readonly uid: number;
  readonly password: string;
}

/** `common.login` once per run, as any Odoo client does before its first `execute_kw`. */
export async function loginToOdoo(erpUrl: string): Promise<OdooSession> {
  const { db, username, password } = SANDBOX_CREDENTIALS.erp;
  const response = await fetch(`${erpUrl}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'login', args: [db, username, password] } }),
  });
  const { result } = (await response.json()) as { result?: unknown };
  if (typeof result !== 'number') throw new Error(`Odoo refused the login of ${username} on ${db}: ${JSON.stringify(result)}`);
  return { db, uid: result, password };
}

/** `execute_kw`'s positional arguments: the session, the model, the method, its args and its kwargs. */
export function executeKwArgs(session: OdooSession, model: string, method: string, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  return [session.db, session.uid, session.password, model, method, args, kwargs];
}
