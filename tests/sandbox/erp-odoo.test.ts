import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { call, executeKw, rpc } from './sandboxClient.js';

describe('ERP sandbox (Odoo JSON-RPC)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.stop());

  it('logs in with the right credentials and answers false otherwise', async () => {
    const { db, username, password } = sandbox.credentials.erp;
    const ok = await rpc(sandbox, 'common', 'login', [db, username, password]);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ jsonrpc: '2.0', result: 2 });
    expect(ok.body.id).toBeTypeOf('number');
    expect((await rpc(sandbox, 'common', 'login', [db, username, 'wrong'])).body.result).toBe(false);
    expect((await rpc(sandbox, 'common', 'version', [])).body.result.server_serie).toBe('17.0');
  });

  it('raises AccessDenied for execute_kw with a wrong password', async () => {
    const { db } = sandbox.credentials.erp;
    const response = await rpc(sandbox, 'object', 'execute_kw', [db, 2, 'wrong', 'res.partner', 'read', [[1]]]);
    expect(response.status).toBe(200);
    expect(response.body.error).toMatchObject({ code: 200, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' } });
  });

  it('reads records in the order of the ids, many2one as [id, name] and empty values as false', async () => {
    const response = await executeKw(sandbox, 'sale.order', 'read', [[3, 1, 2]], { fields: ['name', 'partner_id', 'state', 'order_line'] });
    const orders = response.body.result;
    expect(orders.map((order: { id: number }) => order.id)).toEqual([3, 1, 2]);
    expect(orders[1].name).toBe('S00001');
    expect(Object.keys(orders[1]).sort()).toEqual(['id', 'name', 'order_line', 'partner_id', 'state']);
    expect(orders[1].partner_id).toEqual([expect.any(Number), expect.any(String)]);
    const [partner] = (await executeKw(sandbox, 'res.partner', 'read', [[orders[1].partner_id[0]]], { fields: ['name', 'vat', 'country_id'] })).body.result;
    expect(partner.name).toBe(orders[1].partner_id[1]);
    expect(partner.vat === false || typeof partner.vat === 'string').toBe(true);
    expect(partner.country_id).toEqual([expect.any(Number), expect.any(String)]);
  });

  it('returns every field when fields is omitted', async () => {
    const [line] = (await executeKw(sandbox, 'sale.order.line', 'read', [[1]])).body.result;
    for (const field of ['id', 'order_id', 'product_id', 'name', 'product_uom_qty', 'price_unit', 'price_subtotal', 'price_total']) {
      expect(line).toHaveProperty(field);
    }
  });

  it('raises MissingError when any id does not exist', async () => {
    const response = await executeKw(sandbox, 'sale.order', 'read', [[1, 9999]], { fields: ['name'] });
    expect(response.status).toBe(200);
    expect(response.body.result).toBeUndefined();
    expect(response.body.error.code).toBe(200);
    expect(response.body.error.message).toBe('Odoo Server Error');
    expect(response.body.error.data).toMatchObject({
      name: 'odoo.exceptions.MissingError',
      message: 'Record does not exist or has been deleted.\n(Record: sale.order(9999,), User: 2)',
      arguments: ['Record does not exist or has been deleted.\n(Record: sale.order(9999,), User: 2)'],
      context: {},
    });
    expect(response.body.error.data.debug).toMatch(/^Traceback/);
  });

  it('search_reads with an OR domain, order, limit and offset', async () => {
    const domain = ['|', ['name', '=', 'S00010'], ['name', '=', 'S00020']];
    const response = await executeKw(sandbox, 'sale.order', 'search_read', [domain], { fields: ['name'], order: 'name desc' });
    expect(response.body.result.map((order: { name: string }) => order.name)).toEqual(['S00020', 'S00010']);
    const paged = await executeKw(sandbox, 'sale.order', 'search_read', [], { domain: [['state', 'in', ['sale', 'done']]], fields: ['name', 'date_order'], limit: 3, offset: 2, order: 'date_order desc, id desc' });
    expect(paged.body.result).toHaveLength(3);
    const dates = paged.body.result.map((order: { date_order: string }) => order.date_order);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('compares a many2one to ids, combines &, | and ! and counts', async () => {
    const byPartner = await executeKw(sandbox, 'sale.order', 'search_read', [[['partner_id', 'in', [1, 2, 3]]]], { fields: ['partner_id'] });
    expect(byPartner.body.result.length).toBeGreaterThan(0);
    for (const order of byPartner.body.result) expect([1, 2, 3]).toContain(order.partner_id[0]);
    const count = await executeKw(sandbox, 'sale.order', 'search_count', [[['partner_id', 'in', [1, 2, 3]]]]);
    expect(count.body.result).toBe(byPartner.body.result.length);

    const total = (await executeKw(sandbox, 'sale.order', 'search_count', [[]])).body.result;
    const notCancelled = (await executeKw(sandbox, 'sale.order', 'search_count', [['!', ['state', '=', 'cancel']]])).body.result;
    const cancelled = (await executeKw(sandbox, 'sale.order', 'search_count', [[['state', '=', 'cancel']]])).body.result;
    expect(total).toBe(5000);
    expect(notCancelled + cancelled).toBe(total);
    const both = (await executeKw(sandbox, 'sale.order', 'search_count', [['&', ['state', '=', 'sale'], '|', ['partner_id', '=', 1], ['partner_id', '=', 2]]])).body.result;
    const sale12 = (await executeKw(sandbox, 'sale.order', 'search_read', [[['partner_id', 'in', [1, 2]]]], { fields: ['state'] })).body.result
      .filter((order: { state: string }) => order.state === 'sale').length;
    expect(both).toBe(sale12);
  });

  it('supports ilike, =like, comparisons and dotted paths', async () => {
    const partners = await executeKw(sandbox, 'res.partner', 'search_read', [[['email', '=ilike', '%.7@EXAMPLE.COM']]], { fields: ['email'] });
    expect(partners.body.result.map((partner: { email: string }) => partner.email)).toEqual([expect.stringMatching(/\.7@example\.com$/)]);
    const big = await executeKw(sandbox, 'sale.order', 'search_read', [[['amount_total', '>', 5000], ['partner_id.x_currency', '=', 'USD']]], { fields: ['amount_total', 'currency_id'], limit: 5 });
    expect(big.body.result).toHaveLength(5);
    for (const order of big.body.result) {
      expect(order.amount_total).toBeGreaterThan(5000);
      expect(order.currency_id[1]).toBe('USD');
    }
    const products = await executeKw(sandbox, 'product.product', 'search_read', [[['name', 'ilike', 'chair']]], { fields: ['name', 'default_code'] });
    expect(products.body.result.length).toBeGreaterThan(0);
    for (const product of products.body.result) expect(product.name.toLowerCase()).toContain('chair');
  });

  it('links orders, invoices and pickings both ways', async () => {
    const [order] = (await executeKw(sandbox, 'sale.order', 'search_read', [[['picking_ids', '!=', false], ['state', '=', 'done']]], { fields: ['name', 'invoice_ids', 'picking_ids'], limit: 1 })).body.result;
    const [invoice] = (await executeKw(sandbox, 'account.move', 'read', [order.invoice_ids], { fields: ['invoice_origin', 'move_type', 'payment_state'] })).body.result;
    expect(invoice).toMatchObject({ invoice_origin: order.name, move_type: 'out_invoice', payment_state: 'paid' });
    const [picking] = (await executeKw(sandbox, 'stock.picking', 'search_read', [[['origin', '=', order.name]]], { fields: ['sale_id', 'carrier_tracking_ref', 'state'] })).body.result;
    expect(picking.id).toBe(order.picking_ids[0]);
    expect(picking.sale_id).toEqual([order.id, order.name]);
    expect(picking.state).toBe('done');
    expect(picking.carrier_tracking_ref).toMatch(/^EZ\d{10}$/);
  });

  it('reports unknown fields, models and methods as Odoo does', async () => {
    const badLeaf = await executeKw(sandbox, 'sale.order', 'search_read', [[['foo', '=', 1]]]);
    expect(badLeaf.body.error.data).toMatchObject({ name: 'builtins.ValueError', message: "Invalid field sale.order.foo in leaf ('foo', '=', 1)" });
    const badField = await executeKw(sandbox, 'sale.order', 'read', [[1]], { fields: ['nope'] });
    expect(badField.body.error.data.message).toBe("Invalid field 'nope' on model 'sale.order'");
    const badModel = await executeKw(sandbox, 'no.such', 'read', [[1]]);
    expect(badModel.body.error.data).toMatchObject({ name: 'builtins.KeyError', message: "'no.such'" });
    const badMethod = await executeKw(sandbox, 'sale.order', 'frobnicate', []);
    expect(badMethod.body.error.data.name).toBe('builtins.AttributeError');
    const badKwarg = await executeKw(sandbox, 'sale.order', 'search_read', [[]], { limits: 2 });
    expect(badKwarg.body.error.data).toMatchObject({ name: 'builtins.TypeError', message: "search_read() got an unexpected keyword argument 'limits'" });
  });

  it('rejects malformed JSON with a bare 400 as Odoo does', async () => {
    const response = await call(`${sandbox.urls.erp}/jsonrpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc": ' });
    expect(response.status).toBe(400);
    expect(response.text).toBe('Invalid JSON data');
  });

  it('reads 100 partners in a few milliseconds', async () => {
    const ids = Array.from({ length: 100 }, (_, index) => index + 1);
    await executeKw(sandbox, 'res.partner', 'read', [ids], { fields: ['name', 'email'] });
    const started = performance.now();
    const response = await executeKw(sandbox, 'res.partner', 'read', [ids], { fields: ['name', 'email', 'country_id'] });
    expect(response.body.result).toHaveLength(100);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
