import { describe, expect, it } from 'vitest';
import { seedData } from '../../src/sandbox/seed.js';

describe('seeded sandbox data', () => {
  const data = seedData(42);

  it('is byte-identical for the same seed and different for another', () => {
    expect(JSON.stringify(seedData(42))).toBe(JSON.stringify(data));
    expect(JSON.stringify(seedData(7))).not.toBe(JSON.stringify(data));
  });

  it('seeds well under a second', () => {
    const started = performance.now();
    seedData(123);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('has the promised sizes', () => {
    // 500 customers, then the company's own partner.
    expect(data.erp['res.partner'].all().filter((partner) => Number(partner.customer_rank) > 0)).toHaveLength(500);
    expect(data.erp['res.partner'].size).toBe(501);
    expect(data.crm.contacts.size).toBe(500);
    expect(data.payments.customers.size).toBe(500);
    expect(data.crm.companies.size).toBe(100);
    expect(data.crm.owners.size).toBe(5);
    expect(data.erp['product.product'].size).toBe(50);
    expect(data.erp['sale.order'].size).toBe(5000);
    const names = data.erp['sale.order'].all().map((order) => order.name);
    expect(names[0]).toBe('S00001');
    expect(names[4999]).toBe('S05000');
  });

  it('links every contact and Stripe customer to a partner, one to one', () => {
    const customers = data.erp['res.partner'].all().filter((partner) => Number(partner.customer_rank) > 0);
    const partnersByEmail = new Map(customers.map((partner) => [partner.email, partner]));
    expect(partnersByEmail.size).toBe(500);
    for (const contact of data.crm.contacts.values()) {
      expect(partnersByEmail.has(contact.properties.email as string)).toBe(true);
      expect(data.crm.associations.lookup('contactId', contact.id)).toHaveLength(1);
    }
    const partnerIds = new Set<string>();
    for (const customer of data.payments.customers.values()) {
      const partner = data.erp['res.partner'].get(Number(customer.metadata.erp_partner_id));
      expect(partner?.email).toBe(customer.email);
      expect(customer.currency).toBe(String(partner?.x_currency).toLowerCase());
      partnerIds.add(customer.metadata.erp_partner_id as string);
    }
    expect(partnerIds.size).toBe(500);
  });

  it('gives every payment intent an existing confirmed order with the same amount and currency', () => {
    const currencies = new Map(data.erp['res.currency'].all().map((currency) => [currency.id, String(currency.name).toLowerCase()]));
    let confirmed = 0;
    for (const order of data.erp['sale.order'].values()) if (order.state === 'sale' || order.state === 'done') confirmed++;
    expect(data.payments.paymentIntents.size).toBe(confirmed);
    for (const intent of data.payments.paymentIntents.values()) {
      const order = data.erp['sale.order'].get(Number(intent.metadata.erp_order_id));
      expect(order?.name).toBe(intent.metadata.order_ref);
      expect(['sale', 'done']).toContain(order?.state);
      expect(intent.amount).toBe(Math.round((order?.amount_total as number) * 100));
      expect(intent.currency).toBe(currencies.get(order?.currency_id as number));
      expect(String(order?.partner_id)).toBe(intent.metadata.erp_partner_id);
      expect(data.payments.customers.get(intent.customer as string)?.metadata.erp_partner_id).toBe(intent.metadata.erp_partner_id);
    }
  });

  it('keeps order amounts consistent with their lines', () => {
    for (const order of data.erp['sale.order'].values()) {
      const lines = (order.order_line as number[]).map((id) => data.erp['sale.order.line'].get(id));
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(4);
      let untaxed = 0;
      for (const line of lines) {
        expect(line?.order_id).toBe(order.id);
        expect(line?.price_subtotal).toBeCloseTo((line?.product_uom_qty as number) * (line?.price_unit as number), 2);
        untaxed += Math.round((line?.price_subtotal as number) * 100);
      }
      expect(Math.round((order.amount_untaxed as number) * 100)).toBe(untaxed);
      expect(Math.round((order.amount_total as number) * 100)).toBe(Math.round((order.amount_untaxed as number) * 100) + Math.round((order.amount_tax as number) * 100));
    }
  });

  it('matches invoices to confirmed orders, paid exactly when the payment succeeded', () => {
    const intentsByOrder = new Map([...data.payments.paymentIntents.values()].map((intent) => [intent.metadata.order_ref, intent]));
    for (const invoice of data.erp['account.move'].values()) {
      if (invoice.move_type !== 'out_invoice') continue;
      const [order] = data.erp['sale.order'].lookup('name', invoice.invoice_origin as string);
      expect(order?.invoice_ids).toEqual([invoice.id]);
      expect(invoice.amount_total).toBe(order?.amount_total);
      expect(invoice.payment_state).toBe(intentsByOrder.get(order?.name as string)?.status === 'succeeded' ? 'paid' : 'not_paid');
    }
  });

  it('gives every shipped order a done picking and an EasyPost tracker for its code', () => {
    expect(data.erp['stock.picking'].size).toBeGreaterThan(2000);
    for (const picking of data.erp['stock.picking'].values()) {
      const order = data.erp['sale.order'].get(picking.sale_id as number);
      expect(order?.name).toBe(picking.origin);
      expect(order?.picking_ids).toEqual([picking.id]);
      expect(picking.state).toBe('done');
      expect(data.shipping.trackers.lookup('tracking_code', picking.carrier_tracking_ref as string)).toHaveLength(1);
    }
    const statuses = new Set([...data.shipping.trackers.values()].map((tracker) => tracker.status));
    for (const status of ['pre_transit', 'in_transit', 'out_for_delivery', 'delivered']) expect(statuses).toContain(status);
    const updated = [...data.shipping.trackers.values()].map((tracker) => tracker.updated_at);
    expect(new Set(updated).size).toBe(updated.length);
  });
});
