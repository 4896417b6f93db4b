import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedData } from '../../src/sandbox/seed.js';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { advanceClock, executeKw } from './sandboxClient.js';

/** The e-invoicing groups of seed 42, as src/sandbox/README.md documents them. */
const DOCUMENTED = {
  reachable: [
    7, 26, 27, 28, 29, 31, 35, 36, 43, 44, 54, 56, 60, 82, 85, 93, 101, 103, 104, 108, 112, 123, 125, 150, 158, 164, 165, 167, 177,
    180, 184, 194, 198, 207, 214, 217, 220, 222, 223, 234, 238, 248, 261, 263, 268, 269, 282, 286, 301, 307, 309, 314, 328, 330, 331,
    336, 342, 349, 350, 352, 364, 379, 387, 398, 402, 403, 404, 420, 425, 431, 433, 445, 448, 449, 457, 459, 474, 478, 479, 487, 489,
  ],
  rejecting: [86, 414],
  notRegistered: [209, 224, 254, 296],
  wrongData: [23, 361],
  noPeppolBeNl: [15, 22, 52, 84, 265, 284, 288, 289, 302, 451],
};

/** Independent of the sandbox's own implementation: the numbers the rules check, computed another way. */
const mod97 = (digits: string) => Number(BigInt(digits) % 97n);
const validEnterpriseNumber = (value: string) => /^\d{10}$/.test(value) && 97 - mod97(value.slice(0, 8)) === Number(value.slice(8));
const validIban = (iban: string) => mod97(`${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55))) === 1;
const validDutchVat = (vat: string) => {
  const digits = /^NL(\d{9})B\d{2}$/.exec(vat)?.[1];
  if (!digits) return false;
  const sum = [...digits.slice(0, 8)].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
  return sum % 11 === Number(digits[8]);
};
const cents = (amount: unknown) => Math.round(Number(amount) * 100);

describe('ERP sandbox: what an e-invoice is built from (seeded data)', () => {
  const data = seedData(42);
  const erp = data.erp;
  const countryOf = (partnerId: number) => erp['res.country'].get(erp['res.partner'].get(partnerId)?.country_id as number)?.code;

  it('makes every invoice’s and credit note’s amounts the sums of its lines, to the cent', () => {
    for (const move of erp['account.move'].values()) {
      const lines = (move.invoice_line_ids as number[]).map((id) => erp['account.move.line'].get(id)!);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => line.move_id === move.id && line.display_type === 'product')).toBe(true);
      expect(cents(move.amount_untaxed)).toBe(lines.reduce((sum, line) => sum + cents(line.price_subtotal), 0));
      expect(cents(move.amount_tax)).toBe(lines.reduce((sum, line) => sum + cents(line.price_total) - cents(line.price_subtotal), 0));
      expect(cents(move.amount_total)).toBe(cents(move.amount_untaxed) + cents(move.amount_tax));
    }
  });

  it('bills each order line once, with its product, quantity, price, the 20 % sales tax and Units', () => {
    for (const line of erp['account.move.line'].values()) {
      const move = erp['account.move'].get(line.move_id as number)!;
      if (move.move_type !== 'out_invoice') continue;
      const [orderLineId] = line.sale_line_ids as number[];
      const orderLine = erp['sale.order.line'].get(orderLineId as number)!;
      expect(erp['sale.order'].get(orderLine.order_id as number)?.name).toBe(move.invoice_origin);
      expect(line).toMatchObject({
        product_id: orderLine.product_id, quantity: orderLine.product_uom_qty, price_unit: orderLine.price_unit,
        price_subtotal: orderLine.price_subtotal, price_total: orderLine.price_total, tax_ids: [1], product_uom_id: 1,
      });
    }
    expect(erp['account.tax'].get(1)).toMatchObject({ amount: 20, amount_type: 'percent', type_tax_use: 'sale', ubl_cii_tax_category_code: 'S' });
  });

  it('gives invoices the customer’s reference where the order had one, the 30-day terms, the company and its bank account', () => {
    for (const invoice of erp['account.move'].values()) {
      if (invoice.move_type !== 'out_invoice') continue;
      const [order] = erp['sale.order'].lookup('name', invoice.invoice_origin as string);
      expect(invoice.ref).toBe(order?.client_order_ref);
      expect(invoice).toMatchObject({ invoice_payment_term_id: 3, company_id: 1, partner_bank_id: 1, reversed_entry_id: false });
    }
    expect(erp['account.payment.term'].get(3)?.name).toBe('30 Days');
  });

  it('seeds credit notes reversing paid invoices of business customers in full', () => {
    const creditNotes = erp['account.move'].all().filter((move) => move.move_type === 'out_refund');
    expect(creditNotes.map((move) => move.id)).toEqual([4258, 4259, 4260, 4261, 4262, 4263, 4264, 4265, 4266, 4267, 4268, 4269]);
    for (const creditNote of creditNotes) {
      const invoice = erp['account.move'].get(creditNote.reversed_entry_id as number)!;
      expect(invoice).toMatchObject({ move_type: 'out_invoice', payment_state: 'paid', partner_id: creditNote.partner_id });
      expect(creditNote).toMatchObject({ amount_total: invoice.amount_total, invoice_origin: invoice.invoice_origin, name: expect.stringMatching(/^RINV\/2025\/\d{5}$/) });
      expect(creditNote.ref).toMatch(new RegExp(`^Reversal of: ${String(invoice.name)}, `));
      expect(erp['res.partner'].get(creditNote.partner_id as number)?.vat).toBeTruthy();
    }
    const reachable = creditNotes.filter((move) => DOCUMENTED.reachable.includes(move.partner_id as number));
    expect(reachable.map((move) => [move.id, move.partner_id])).toEqual([[4258, 404], [4263, 177], [4265, 425], [4266, 342], [4269, 184]]);
  });

  it('puts the customers in the e-invoicing groups README documents', () => {
    const groups: Record<keyof typeof DOCUMENTED, number[]> = { reachable: [], rejecting: [], notRegistered: [], wrongData: [], noPeppolBeNl: [] };
    for (const partner of erp['res.partner'].values()) {
      const country = countryOf(partner.id);
      if (Number(partner.customer_rank) === 0) continue;
      if (country !== 'BE' && country !== 'NL') {
        expect([partner.peppol_eas, partner.peppol_endpoint, partner.company_registry]).toEqual([false, false, false]);
        continue;
      }
      if (country === 'BE') {
        expect(validEnterpriseNumber(String(partner.company_registry))).toBe(true);
        expect(partner.vat).toBe(`BE${String(partner.company_registry)}`);
      } else {
        expect(validDutchVat(String(partner.vat))).toBe(true);
        expect(partner.company_registry).toMatch(/^[1-9]\d{7}$/);
      }
      if (partner.peppol_eas === false) {
        groups.noPeppolBeNl.push(partner.id);
        continue;
      }
      const endpoint = String(partner.peppol_endpoint);
      const expected = { '0208': partner.company_registry, '0106': partner.company_registry, '9944': partner.vat }[String(partner.peppol_eas)];
      if (partner.peppol_eas === '0208' && !validEnterpriseNumber(endpoint)) {
        groups.wrongData.push(partner.id);
        // Only the check digits are wrong, and the correct address is registered: correcting the ERP is enough.
        expect(endpoint.slice(0, 8)).toBe(String(partner.company_registry).slice(0, 8));
        expect(data.einvoicing.participants.get(`0208:${String(partner.company_registry)}`)).toBeDefined();
        continue;
      }
      expect(endpoint).toBe(expected);
      const participant = data.einvoicing.participants.get(`${String(partner.peppol_eas)}:${endpoint}`.toLowerCase());
      if (!participant) groups.notRegistered.push(partner.id);
      else {
        expect(participant).toMatchObject({ name: partner.name, countryCode: country });
        groups[participant.rejects ? 'rejecting' : 'reachable'].push(partner.id);
      }
    }
    expect(groups).toEqual(DOCUMENTED);
    // The customers above and the company itself: nobody else is on the sandbox's Peppol network.
    expect(data.einvoicing.participants.size).toBe(DOCUMENTED.reachable.length + DOCUMENTED.rejecting.length + DOCUMENTED.wrongData.length + 1);
  });
});

describe('ERP sandbox: e-invoicing models and fields over JSON-RPC', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.stop());

  const result = async (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => {
    const response = await executeKw(sandbox, model, method, args, kwargs);
    if (response.body.error) throw new Error(JSON.stringify(response.body.error.data.message));
    return response.body.result;
  };
  const failure = async (model: string, method: string, args: unknown[]) => (await executeKw(sandbox, model, method, args)).body.error?.data;

  it('reads the company: a Belgian NV with a valid enterprise number, its VAT id, its Peppol address and its partner', async () => {
    const [company] = await result('res.company', 'read', [[1]], {
      fields: ['name', 'vat', 'company_registry', 'street', 'city', 'zip', 'country_id', 'email', 'peppol_eas', 'peppol_endpoint', 'currency_id', 'partner_id'],
    });
    expect(company).toEqual({
      id: 1, name: 'Switchyard NV', vat: 'BE0792465155', company_registry: '0792465155', street: 'Korenmarkt 12', city: 'Ghent', zip: '9000',
      country_id: [expect.any(Number), 'Belgium'], email: 'invoices@switchyard.example', peppol_eas: '0208', peppol_endpoint: '0792465155',
      currency_id: [1, 'EUR'], partner_id: [501, 'Switchyard NV'],
    });
    expect(validEnterpriseNumber(company.company_registry)).toBe(true);
    const [partner] = await result('res.partner', 'read', [[501]], { fields: ['is_company', 'customer_rank', 'vat', 'peppol_eas', 'peppol_endpoint', 'bank_ids'] });
    expect(partner).toEqual({ id: 501, is_company: true, customer_rank: 0, vat: 'BE0792465155', peppol_eas: '0208', peppol_endpoint: '0792465155', bank_ids: [1] });
    const banks = await result('res.partner.bank', 'search_read', [[['partner_id', '=', 501]]], { fields: ['acc_number', 'partner_id'] });
    expect(banks).toEqual([{ id: 1, acc_number: expect.stringMatching(/^BE\d{14}$/), partner_id: [501, 'Switchyard NV'] }]);
    expect(validIban(banks[0].acc_number)).toBe(true);
  });

  it('serves taxes with their UBL category, units with their UN/ECE code and payment terms', async () => {
    expect(await result('account.tax', 'search_read', [[['type_tax_use', '=', 'sale']]], { fields: ['name', 'amount', 'amount_type', 'ubl_cii_tax_category_code', 'ubl_cii_tax_exemption_reason_code'] })).toEqual([
      { id: 1, name: '20%', amount: 20, amount_type: 'percent', ubl_cii_tax_category_code: 'S', ubl_cii_tax_exemption_reason_code: false },
      { id: 2, name: '0% Intra-EU', amount: 0, amount_type: 'percent', ubl_cii_tax_category_code: 'K', ubl_cii_tax_exemption_reason_code: 'VATEX-EU-IC' },
      { id: 3, name: '0% Export', amount: 0, amount_type: 'percent', ubl_cii_tax_category_code: 'G', ubl_cii_tax_exemption_reason_code: 'VATEX-EU-G' },
    ]);
    const units = await result('uom.uom', 'search_read', [[]], { fields: ['name', 'x_unece_code'], order: 'id' });
    expect(units.map((unit: { name: string; x_unece_code: string }) => `${unit.name}=${unit.x_unece_code}`)).toEqual(['Units=C62', 'Dozens=DZN', 'kg=KGM', 'Hours=HUR', 'Days=DAY']);
    expect((await result('uom.uom', 'fields_get', [['x_unece_code']], { attributes: ['type'] }))).toEqual({ x_unece_code: { type: 'char' } });
    expect(await result('account.payment.term', 'read', [[3]], { fields: ['name', 'note'] })).toEqual([{ id: 3, name: '30 Days', note: 'Payment terms: 30 Days' }]);
    const [product] = await result('product.product', 'read', [[1]], { fields: ['uom_id'] });
    expect(product.uom_id).toEqual([1, 'Units']);
  });

  it('reads an invoice with its lines, terms, bank account and company, and a credit note with the invoice it reverses', async () => {
    const [invoice] = await result('account.move', 'read', [[1]], {
      fields: ['name', 'move_type', 'invoice_line_ids', 'invoice_payment_term_id', 'company_id', 'partner_bank_id', 'reversed_entry_id', 'amount_untaxed', 'amount_tax'],
    });
    expect(invoice).toMatchObject({ move_type: 'out_invoice', invoice_payment_term_id: [3, '30 Days'], company_id: [1, 'Switchyard NV'], partner_bank_id: [1, expect.stringMatching(/^BE/)], reversed_entry_id: false });
    const lines = await result('account.move.line', 'read', [invoice.invoice_line_ids], {
      fields: ['move_id', 'name', 'product_id', 'product_uom_id', 'quantity', 'price_unit', 'price_subtotal', 'price_total', 'tax_ids', 'display_type'],
    });
    expect(lines[0]).toMatchObject({ move_id: [1, invoice.name], product_uom_id: [1, 'Units'], tax_ids: [1], display_type: 'product' });
    expect(cents(invoice.amount_untaxed)).toBe(lines.reduce((sum: number, line: { price_subtotal: number }) => sum + cents(line.price_subtotal), 0));
    const byMove = await result('account.move.line', 'search_read', [[['move_id', '=', 1]]], { fields: ['id'] });
    expect(byMove.map((line: { id: number }) => line.id)).toEqual(invoice.invoice_line_ids);

    const [creditNote] = await result('account.move', 'search_read', [[['move_type', '=', 'out_refund']]], { fields: ['name', 'reversed_entry_id', 'ref'], limit: 1, order: 'id' });
    expect(creditNote).toMatchObject({ name: expect.stringMatching(/^RINV\//), reversed_entry_id: [expect.any(Number), expect.stringMatching(/^INV\//)] });
  });

  it('answers writes to the read-only accounting models as Odoo does for a user without rights', async () => {
    for (const [model, method, args] of [
      ['res.company', 'write', [[1], { name: 'Other NV' }]],
      ['account.move.line', 'create', [{ name: 'x' }]],
      ['account.tax', 'write', [[1], { amount: 21 }]],
      ['res.partner.bank', 'create', [{ acc_number: 'BE00' }]],
    ] as const) {
      const error = await failure(model, method, [...args]);
      expect(error?.name).toBe('odoo.exceptions.AccessError');
      expect(error?.message).toMatch(new RegExp(`^You are not allowed to ${method} '.+' \\(${model.replace('.', '\\.')}\\) records\\.$`));
    }
  });

  it('lets a partner’s Peppol data be corrected, moving write_date, and refuses an unknown EAS', async () => {
    const [before] = await result('res.partner', 'read', [[23]], { fields: ['peppol_eas', 'peppol_endpoint', 'company_registry', 'write_date'] });
    expect(validEnterpriseNumber(before.peppol_endpoint)).toBe(false);
    await advanceClock(sandbox, 60_000);
    expect(await result('res.partner', 'write', [[23], { peppol_endpoint: before.company_registry }])).toBe(true);
    const [after] = await result('res.partner', 'read', [[23]], { fields: ['peppol_eas', 'peppol_endpoint', 'write_date'] });
    expect(after).toMatchObject({ peppol_eas: '0208', peppol_endpoint: before.company_registry });
    expect(after.write_date > before.write_date).toBe(true);
    expect(await result('res.partner', 'search', [[['write_date', '>', before.write_date], ['peppol_eas', '=', '0208']]])).toContain(23);

    const created = await result('res.partner', 'create', [{ name: 'Nieuwe Klant BV', customer_rank: 1, is_company: true, peppol_eas: '0106', peppol_endpoint: '12345678', company_registry: '12345678' }]);
    expect(await result('res.partner', 'read', [[created]], { fields: ['peppol_eas', 'peppol_endpoint', 'company_registry'] })).toEqual([
      { id: created, peppol_eas: '0106', peppol_endpoint: '12345678', company_registry: '12345678' },
    ]);
    const wrong = await failure('res.partner', 'write', [[23], { peppol_eas: '1234' }]);
    expect(wrong).toMatchObject({ name: 'builtins.ValueError', message: "Wrong value for res.partner.peppol_eas: '1234'" });
  });

  it('bills a confirmed order with one invoice line per order line', async () => {
    const orderId = await result('sale.order', 'create', [{ partner_id: 27, client_order_ref: 'PO-EINV-1', order_line: [[0, 0, { product_id: 1, product_uom_qty: 3 }], [0, 0, { product_id: 2, product_uom_qty: 1, price_unit: 10.01 }]] }]);
    await result('sale.order', 'action_confirm', [[orderId]]);
    const [order] = await result('sale.order', 'read', [[orderId]], { fields: ['invoice_ids', 'order_line', 'amount_untaxed', 'amount_tax'] });
    const [invoice] = await result('account.move', 'read', [order.invoice_ids], { fields: ['ref', 'invoice_line_ids', 'amount_untaxed', 'amount_tax', 'partner_bank_id', 'invoice_payment_term_id'] });
    expect(invoice).toMatchObject({ ref: 'PO-EINV-1', amount_untaxed: order.amount_untaxed, amount_tax: order.amount_tax, partner_bank_id: [1, expect.any(String)], invoice_payment_term_id: [3, '30 Days'] });
    const lines = await result('account.move.line', 'read', [invoice.invoice_line_ids], { fields: ['sale_line_ids', 'price_subtotal', 'price_total', 'tax_ids'] });
    expect(lines.map((line: { sale_line_ids: number[] }) => line.sale_line_ids[0])).toEqual(order.order_line);
    expect(lines.reduce((sum: number, line: { price_subtotal: number }) => sum + cents(line.price_subtotal), 0)).toBe(cents(invoice.amount_untaxed));
    expect(lines.reduce((sum: number, line: { price_total: number; price_subtotal: number }) => sum + cents(line.price_total) - cents(line.price_subtotal), 0)).toBe(cents(invoice.amount_tax));
  });
});
