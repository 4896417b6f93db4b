import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { executeKw, resetAll, stats } from './sandboxClient.js';

describe('ERP sandbox writes (Odoo execute_kw)', () => {
  let sandbox: Sandbox;
  const kw = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => executeKw(sandbox, model, method, args, kwargs);
  const result = async (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => {
    const response = await kw(model, method, args, kwargs);
    expect(response.body.error).toBeUndefined();
    return response.body.result;
  };
  const errorOf = async (model: string, method: string, args: unknown[]) => {
    const response = await kw(model, method, args);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ jsonrpc: '2.0', error: { code: 200, message: 'Odoo Server Error' } });
    return response.body.error.data as { name: string; message: string };
  };
  const readOne = async (model: string, id: number, fields: string[]) => (await result(model, 'read', [[id]], { fields }))[0];

  let partnerId: number;
  beforeAll(async () => {
    sandbox = await startSandbox();
    partnerId = await result('res.partner', 'create', [{
      name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 555 0100', street: '1 Main St', city: 'Boston', zip: '02101',
      country_id: 7, vat: false, ref: 'SY-ADA', x_currency: 'USD', customer_rank: 1,
    }]);
  });
  afterAll(() => sandbox.stop());

  it('creates a partner from one dict (answering its id) with its pricelist following x_currency', async () => {
    // The next serial after the 500 customers and the company's own partner (501).
    expect(partnerId).toBe(502);
    const partner = await readOne('res.partner', partnerId, ['name', 'complete_name', 'email', 'ref', 'x_currency', 'property_product_pricelist', 'customer_rank', 'active', 'create_date']);
    expect(partner).toMatchObject({ name: 'Ada Lovelace', complete_name: 'Ada Lovelace', email: 'ada@example.com', ref: 'SY-ADA', x_currency: 'USD', customer_rank: 1, active: true });
    expect(partner.property_product_pricelist).toEqual([2, 'Public Pricelist (USD)']);
    // Writes are dated by the sandbox clock, which starts at the dataset's "now".
    expect(partner.create_date >= '2026-01-01 00:00:00').toBe(true);
    expect(await result('res.partner', 'search', [[['ref', '=', 'SY-ADA']]])).toEqual([partnerId]);
  });

  it('creates several partners from a list of dicts, answering the list of ids', async () => {
    const ids = await result('res.partner', 'create', [[{ name: 'First' }, { name: 'Second', x_currency: 'GBP' }]]);
    expect(ids).toEqual([partnerId + 1, partnerId + 2]);
    const second = await readOne('res.partner', ids[1], ['property_product_pricelist']);
    expect(second.property_product_pricelist[0]).toBe(3);
  });

  it('writes partners, answering true', async () => {
    expect(await result('res.partner', 'write', [[partnerId], { phone: '+1 555 0199', name: 'Ada King' }])).toBe(true);
    expect(await readOne('res.partner', partnerId, ['phone', 'name', 'complete_name'])).toMatchObject({ phone: '+1 555 0199', name: 'Ada King', complete_name: 'Ada King' });
  });

  it('reports bad partner values as Odoo does, and writes nothing from a call that fails', async () => {
    const before = await result('res.partner', 'search_count', [[]]);
    expect(await errorOf('res.partner', 'create', [{ name: 'X', colour: 'red' }])).toMatchObject({ name: 'builtins.ValueError', message: "Invalid field 'colour' on model 'res.partner'" });
    expect(await errorOf('res.partner', 'create', [{ email: 'nameless@example.com' }])).toMatchObject({ name: 'odoo.exceptions.ValidationError', message: 'The operation cannot be completed: Contacts require a name' });
    expect(await errorOf('res.partner', 'create', [{ name: 'X', x_currency: 'JPY' }])).toMatchObject({ name: 'builtins.ValueError', message: "Wrong value for res.partner.x_currency: 'JPY'" });
    expect(await errorOf('res.partner', 'create', [{ name: 'X', country_id: 999 }])).toMatchObject({ name: 'odoo.exceptions.MissingError' });
    expect((await errorOf('res.partner', 'create', [[{ name: 'Fine' }, { name: 'Bad', nope: 1 }]])).name).toBe('builtins.ValueError');
    expect(await result('res.partner', 'search_count', [[]])).toBe(before);
    expect(await errorOf('res.partner', 'write', [[99999], { name: 'Ghost' }])).toMatchObject({
      name: 'odoo.exceptions.MissingError', message: 'Record does not exist or has been deleted.\n(Record: res.partner(99999,), User: 2)',
    });
    expect(await errorOf('res.country', 'create', [{ name: 'Atlantis' }])).toMatchObject({
      name: 'odoo.exceptions.AccessError', message: "You are not allowed to create 'Country' (res.country) records.",
    });
  });

  it('creates a draft order with one2many line commands, priced and totalled as the seeded orders are', async () => {
    const orderId = await result('sale.order', 'create', [{
      partner_id: partnerId, client_order_ref: 'SY-ORDER-1',
      order_line: [[0, 0, { product_id: 1, product_uom_qty: 3 }], [0, 0, { product_id: 2, product_uom_qty: 1, price_unit: 12.5 }]],
    }]);
    const order = await readOne('sale.order', orderId, ['name', 'state', 'partner_id', 'currency_id', 'pricelist_id', 'order_line', 'amount_untaxed', 'amount_tax', 'amount_total', 'invoice_ids', 'picking_ids', 'client_order_ref']);
    expect(order).toMatchObject({ name: `S${String(orderId).padStart(5, '0')}`, state: 'draft', partner_id: [partnerId, 'Ada King'], currency_id: [2, 'USD'], invoice_ids: [], picking_ids: [], client_order_ref: 'SY-ORDER-1' });
    expect(order.name).toBe('S05001');

    const product = await readOne('product.product', 1, ['list_price', 'display_name']);
    const usd = await readOne('res.currency', 2, ['rate']);
    const lines = await result('sale.order.line', 'read', [order.order_line], { fields: ['name', 'price_unit', 'product_uom_qty', 'price_subtotal', 'price_tax', 'price_total', 'state', 'order_id'] });
    // The default price is the EUR list price at the currency's rate, rounded to the cent.
    expect(lines[0]).toMatchObject({ name: product.display_name, price_unit: Math.round(Math.round(product.list_price * 100) * usd.rate) / 100, product_uom_qty: 3, state: 'draft', order_id: [orderId, 'S05001'] });
    expect(lines[1]).toMatchObject({ price_unit: 12.5, price_subtotal: 12.5, price_tax: 2.5, price_total: 15 });
    let untaxed = 0;
    let tax = 0;
    for (const line of lines) {
      expect(Math.round(line.price_subtotal * 100)).toBe(Math.round(line.price_unit * line.product_uom_qty * 100));
      expect(Math.round(line.price_tax * 100)).toBe(Math.round(line.price_subtotal * 100 * 0.2));
      untaxed += Math.round(line.price_subtotal * 100);
      tax += Math.round(line.price_tax * 100);
    }
    expect(Math.round(order.amount_untaxed * 100)).toBe(untaxed);
    expect(Math.round(order.amount_tax * 100)).toBe(tax);
    expect(Math.round(order.amount_total * 100)).toBe(untaxed + tax);
  });

  it('finds an order by client_order_ref with search_read and search_count', async () => {
    const found = await result('sale.order', 'search_read', [[['client_order_ref', '=', 'SY-ORDER-1']]], { fields: ['name'], limit: 1 });
    expect(found).toEqual([{ id: 5001, name: 'S05001' }]);
    expect(await result('sale.order', 'search_count', [[['client_order_ref', '=', 'SY-ORDER-1']]])).toBe(1);
    expect(await result('sale.order', 'search_count', [[['client_order_ref', '=', 'SY-NOPE']]])).toBe(0);
  });

  it('rejects orders with unknown partners or products, negative quantities or no partner', async () => {
    const before = await result('sale.order', 'search_count', [[]]);
    expect(await errorOf('sale.order', 'create', [{ partner_id: 99999 }])).toMatchObject({
      name: 'odoo.exceptions.MissingError', message: 'Record does not exist or has been deleted.\n(Record: res.partner(99999,), User: 2)',
    });
    expect(await errorOf('sale.order', 'create', [{ partner_id: 1, order_line: [[0, 0, { product_id: 9999, product_uom_qty: 1 }]] }])).toMatchObject({
      name: 'odoo.exceptions.MissingError', message: 'Record does not exist or has been deleted.\n(Record: product.product(9999,), User: 2)',
    });
    expect((await errorOf('sale.order', 'create', [{ partner_id: 1, order_line: [[0, 0, { product_id: 1, product_uom_qty: -2 }]] }])).name).toBe('odoo.exceptions.ValidationError');
    expect((await errorOf('sale.order', 'create', [{ partner_id: 1, order_line: [[0, 0, { product_uom_qty: 1 }]] }])).message).toBe(
      'The operation cannot be completed: Missing required fields on accountable sale order line.',
    );
    const noPartner = await errorOf('sale.order', 'create', [{ client_order_ref: 'X' }]);
    expect(noPartner.name).toBe('odoo.exceptions.ValidationError');
    expect(noPartner.message).toContain('Field: Customer (partner_id)');
    expect(await errorOf('sale.order', 'create', [{ partner_id: 1, x_colour: 1 }])).toMatchObject({ name: 'builtins.ValueError', message: "Invalid field 'x_colour' on model 'sale.order'" });
    expect(await result('sale.order', 'search_count', [[]])).toBe(before);
  });

  it('writes order lines with update, create and delete commands and recomputes the totals', async () => {
    const orderId = await result('sale.order', 'create', [{ partner_id: 1, order_line: [[0, 0, { product_id: 3, product_uom_qty: 1, price_unit: 10 }], [0, 0, { product_id: 4, price_unit: 5 }]] }]);
    const [first, second] = (await readOne('sale.order', orderId, ['order_line'])).order_line;
    expect(await result('sale.order', 'write', [[orderId], { order_line: [[1, first, { product_uom_qty: 4 }], [2, second], [0, 0, { product_id: 5, price_unit: 1 }]], note: 'Leave at the door' }])).toBe(true);
    const order = await readOne('sale.order', orderId, ['order_line', 'amount_untaxed', 'amount_tax', 'amount_total', 'note']);
    expect(order.order_line).toHaveLength(2);
    expect(order.order_line[0]).toBe(first);
    expect(order).toMatchObject({ amount_untaxed: 41, amount_tax: 8.2, amount_total: 49.2, note: 'Leave at the door' });
    expect(await errorOf('sale.order.line', 'read', [[second]])).toMatchObject({ name: 'odoo.exceptions.MissingError' });
    expect((await errorOf('sale.order', 'write', [[orderId], { order_line: [[1, first, { product_uom_qty: -1 }]] }])).name).toBe('odoo.exceptions.ValidationError');
  });

  it('confirms an order: state sale, an unpaid posted invoice and a reserved delivery with a new tracking code', async () => {
    const orderId = await result('sale.order', 'create', [{ partner_id: partnerId, client_order_ref: 'SY-ORDER-2', order_line: [[0, 0, { product_id: 7, product_uom_qty: 2 }]] }]);
    expect(await result('sale.order', 'action_confirm', [[orderId]])).toBe(true);
    const order = await readOne('sale.order', orderId, ['name', 'state', 'invoice_ids', 'picking_ids', 'invoice_status', 'amount_untaxed', 'amount_tax', 'amount_total', 'currency_id', 'order_line']);
    expect(order).toMatchObject({ state: 'sale', invoice_status: 'invoiced' });
    expect((await readOne('sale.order.line', order.order_line[0], ['state'])).state).toBe('sale');

    expect(order.invoice_ids).toHaveLength(1);
    const invoice = await readOne('account.move', order.invoice_ids[0], ['name', 'move_type', 'state', 'payment_state', 'invoice_origin', 'ref', 'partner_id', 'amount_untaxed', 'amount_tax', 'amount_total', 'amount_residual', 'currency_id']);
    expect(invoice).toMatchObject({
      move_type: 'out_invoice', state: 'posted', payment_state: 'not_paid', invoice_origin: order.name, ref: 'SY-ORDER-2',
      partner_id: [partnerId, 'Ada King'], amount_untaxed: order.amount_untaxed, amount_tax: order.amount_tax,
      amount_total: order.amount_total, amount_residual: order.amount_total, currency_id: order.currency_id,
    });
    expect(invoice.name).toMatch(/^INV\/2026\/\d{5}$/);

    expect(order.picking_ids).toHaveLength(1);
    const picking = await readOne('stock.picking', order.picking_ids[0], ['name', 'state', 'origin', 'sale_id', 'carrier_tracking_ref', 'date_done', 'picking_type_code']);
    expect(picking).toMatchObject({ state: 'assigned', origin: order.name, sale_id: [orderId, order.name], date_done: false, picking_type_code: 'outgoing' });
    expect(picking.name).toMatch(/^WH\/OUT\/\d{5}$/);
    // EasyPost's test convention: EZ1… is a parcel still pre-transit.
    expect(picking.carrier_tracking_ref).toMatch(/^EZ1\d{9}$/);
    expect(await result('stock.picking', 'search_count', [[['carrier_tracking_ref', '=', picking.carrier_tracking_ref]]])).toBe(1);

    expect(await errorOf('sale.order', 'action_confirm', [[orderId]])).toMatchObject({
      name: 'odoo.exceptions.UserError', message: 'Some orders are not in a state requiring confirmation.',
    });
    expect(await errorOf('sale.order', 'write', [[orderId], { pricelist_id: 1 }])).toMatchObject({
      name: 'odoo.exceptions.UserError', message: 'You cannot change the pricelist of a confirmed order !',
    });
  });

  it('cancels an order with its unpaid invoice and undelivered picking, and refuses to confirm it afterwards', async () => {
    const orderId = await result('sale.order', 'create', [{ partner_id: partnerId, order_line: [[0, 0, { product_id: 8, product_uom_qty: 1 }]] }]);
    await result('sale.order', 'action_confirm', [[orderId]]);
    expect(await result('sale.order', 'action_cancel', [[orderId]])).toBe(true);
    const order = await readOne('sale.order', orderId, ['state', 'invoice_ids', 'picking_ids', 'invoice_status']);
    expect(order).toMatchObject({ state: 'cancel', invoice_status: 'no' });
    expect((await readOne('account.move', order.invoice_ids[0], ['state'])).state).toBe('cancel');
    expect((await readOne('stock.picking', order.picking_ids[0], ['state'])).state).toBe('cancel');
    expect((await errorOf('sale.order', 'action_confirm', [[orderId]])).name).toBe('odoo.exceptions.UserError');

    const draft = await result('sale.order', 'create', [{ partner_id: partnerId }]);
    expect(await result('sale.order', 'action_cancel', [[draft]])).toBe(true);
    expect((await readOne('sale.order', draft, ['state'])).state).toBe('cancel');
  });

  it('refuses to cancel a locked (done) order, and to run actions on missing orders or other models', async () => {
    const [done] = await result('sale.order', 'search', [[['state', '=', 'done']]], { limit: 1 });
    expect(await errorOf('sale.order', 'action_cancel', [[done]])).toMatchObject({
      name: 'odoo.exceptions.UserError', message: 'You cannot cancel a locked order. Please unlock it first.',
    });
    expect((await errorOf('sale.order', 'action_confirm', [[99999]])).name).toBe('odoo.exceptions.MissingError');
    expect((await errorOf('res.partner', 'action_confirm', [[1]])).name).toBe('builtins.AttributeError');
  });

  it('counts writes by model and method in the stats', async () => {
    await resetAll(sandbox);
    await kw('sale.order', 'create', [{ partner_id: 1 }]);
    await kw('sale.order', 'action_confirm', [[5001]]);
    await kw('res.partner', 'write', [[1], { phone: '1' }]);
    expect((await stats(sandbox, 'erp')).byRoute).toEqual({
      'POST /jsonrpc object.execute_kw sale.order create': 1,
      'POST /jsonrpc object.execute_kw sale.order action_confirm': 1,
      'POST /jsonrpc object.execute_kw res.partner write': 1,
    });
  });
});
