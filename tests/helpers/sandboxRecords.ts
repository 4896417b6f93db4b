import type { Sandbox } from '../../src/sandbox/startSandbox.js';

/**
 * Reads the sandbox's own records through its product APIs, as a checker independent of the gateway would.
 * Takes only URLs and credentials, so a sandbox in another process (the chaos run's) can be read too.
 */
export function sandboxRecords(sandbox: Pick<Sandbox, 'credentials' | 'urls'>) {
  const { credentials, urls } = sandbox;
  /** One Odoo `execute_kw` as the sandbox's admin user. */
  async function erp(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<any> {
    const response = await fetch(`${urls.erp}/jsonrpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'call',
        id: 1,
        params: { service: 'object', method: 'execute_kw', args: [credentials.erp.db, 2, credentials.erp.password, model, method, args, kwargs] },
      }),
    });
    return ((await response.json()) as { result: unknown }).result;
  }

  return {
    erp,
    erpOrdersByClientRefPrefix(prefix: string): Promise<{ id: number; name: string; state: string; client_order_ref: string }[]> {
      return erp('sale.order', 'search_read', [[['client_order_ref', '=like', `${prefix}%`]]], { fields: ['id', 'name', 'state', 'client_order_ref'] });
    },
    async paymentsForOrder(orderReference: string): Promise<{ id: string; status: string; amount: number }[]> {
      const query = encodeURIComponent(`metadata['order_ref']:'${orderReference}'`);
      const response = await fetch(`${urls.payments}/v1/payment_intents/search?query=${query}&limit=100`, {
        headers: { authorization: `Bearer ${credentials.payments.secretKey}` },
      });
      return ((await response.json()) as { data: never }).data;
    },
    async notesWithKeyPrefix(prefix: string): Promise<{ id: string; properties: Record<string, string> }[]> {
      const notes: { id: string; properties: Record<string, string> }[] = [];
      let after: string | undefined;
      do {
        const response = await fetch(
          `${urls.crm}/crm/v3/objects/notes?limit=100&properties=switchyard_idempotency_key,hs_note_body${after ? `&after=${after}` : ''}`,
          { headers: { authorization: `Bearer ${credentials.crm.token}` } },
        );
        const body = (await response.json()) as { results: typeof notes; paging?: { next: { after: string } } };
        notes.push(...body.results);
        after = body.paging?.next.after;
      } while (after);
      return notes.filter((note) => note.properties.switchyard_idempotency_key?.startsWith(prefix));
    },
  };
}
