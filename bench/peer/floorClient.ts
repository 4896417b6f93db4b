import { batchInChunks } from '../../src/connectors/core/batchInChunks.js';
import { metadataAnyOf, STRIPE_SEARCH_MAX_CLAUSES } from '../../src/connectors/payments/stripeSearchQuery.js';
import type { SaleOrderState } from '../../src/connectors/erp/types.js';
import { SANDBOX_CREDENTIALS, type SandboxSystem } from '../../src/sandbox/SandboxSystem.js';
import type { UpstreamCalls } from '../measure.js';
import { executeKwArgs, type OdooSession } from './odooSession.js';
import { lineOf, minorOf, moneyLine, orderStatusOf, paymentLine, sortedLines, upper, type CustomerData, type OrderData } from './sameData.js';
import { COMPANY_PROPERTIES, CONTACT_PROPERTIES } from './sources/crmSource.js';
import { fieldsOf, ODOO_MODELS } from './sources/erpSource.js';

/**
 * The floor: the sandbox called directly with the fewest requests a hand-written client needs for the
 * data of each benchmark query. A request waits only for the answer it needs; everything else goes in
 * parallel, over keep-alive connections (fetch's default agent), in the largest batches each API takes.
 */
export interface FloorClient {
  customers(first: number): Promise<CustomerData[]>;
  customer(id: number): Promise<CustomerData | null>;
  order(id: number): Promise<OrderData | null>;
  /** Requests sent since the last reset, per system: the bench checks them against the sandbox's own count. */
  readonly calls: UpstreamCalls;
  resetCalls(): void;
}

type Many2one = [number, string] | false;
interface Partner {
  id: number;
  name: string;
  email: string | false;
}
interface SaleOrder {
  id: number;
  name: string;
  partner_id: Many2one;
  state: SaleOrderState;
  amount_total: number;
  currency_id: Many2one;
}
interface SaleOrderLine {
  name: string;
  product_id: Many2one;
  product_uom_qty: number;
  price_unit: number;
  price_total: number;
}
interface CrmObject {
  id: string;
  properties: Record<string, string | null | undefined>;
}
interface CrmAssociation {
  from: { id: string };
  to: { toObjectId: number; associationTypes: { label: string | null }[] }[];
}
interface PaymentIntent {
  id: string;
  status: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
}
interface StripeCustomer {
  balance: number;
  invoice_settings?: { default_payment_method?: { card?: { brand: string; last4: string } | null } | null };
}

const HUBSPOT_BATCH_SIZE = 100;
const EASYPOST_BATCH_SIZE = 100;
const CURRENCY_OF = (order: SaleOrder) => (order.currency_id === false ? 'EUR' : order.currency_id[1]);
const idOf = (value: Many2one): number | null => (value === false ? null : value[0]);

export function createFloorClient(urls: Record<SandboxSystem, string>, odoo: OdooSession): FloorClient {
  const calls: Record<SandboxSystem, number> = { crm: 0, erp: 0, payments: 0, shipping: 0, einvoicing: 0 };

  async function send<T>(system: SandboxSystem, url: string, init: RequestInit): Promise<T> {
    calls[system] += 1;
    const response = await fetch(url, init);
    if (!response.ok) throw new Error(`${system} ${url} answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return (await response.json()) as T;
  }

  async function executeKw<T>(model: (typeof ODOO_MODELS)[keyof typeof ODOO_MODELS], method: string, args: unknown[], kwargs: Record<string, unknown> = {}) {
    const answer = await send<{ result?: T[]; error?: { message: string } }>('erp', `${urls.erp}/jsonrpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'call',
        params: { service: 'object', method: 'execute_kw', args: executeKwArgs(odoo, model.model, method, args, { fields: fieldsOf(model), ...kwargs }) },
      }),
    });
    if (answer.error) throw new Error(`Odoo: ${answer.error.message}`);
    return answer.result ?? [];
  }

  const hubspot = <T>(path: string, body: unknown) =>
    send<{ results: T[] }>('crm', `${urls.crm}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.crm.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((answer) => answer.results);

  const stripeSearch = <T>(resource: 'customers' | 'payment_intents', query: string, expand: string[] = []) => {
    const params = new URLSearchParams({ query, limit: '100' });
    for (const path of expand) params.append('expand[]', path);
    return send<{ data: T[]; has_more: boolean }>('payments', `${urls.payments}/v1/${resource}/search?${params}`, {
      headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.payments.secretKey}` },
    }).then((answer) => {
      if (answer.has_more) throw new Error('Stripe search has more than one page for these keys');
      return answer.data;
    });
  };

  /** CRM contacts by email, each with its primary company's name: contacts, then associations, then companies. */
  async function crmOf(emails: string[]): Promise<Map<string, CustomerData['crm']>> {
    const contacts = await batchInChunks(emails, HUBSPOT_BATCH_SIZE, (chunk) =>
      hubspot<CrmObject>('/crm/v3/objects/contacts/batch/read', { idProperty: 'email', properties: CONTACT_PROPERTIES, inputs: chunk.map((id) => ({ id })) }),
    );
    const associations = await batchInChunks(contacts, HUBSPOT_BATCH_SIZE, (chunk) =>
      hubspot<CrmAssociation>('/crm/v4/associations/contacts/companies/batch/read', { inputs: chunk.map((contact) => ({ id: contact.id })) }),
    );
    const companyOf = new Map(
      associations.map((row) => {
        const primary = row.to.find((to) => to.associationTypes.some((type) => type.label === 'Primary')) ?? row.to[0];
        return [row.from.id, primary ? String(primary.toObjectId) : null];
      }),
    );
    const companyIds = [...new Set([...companyOf.values()].filter((id) => id !== null))];
    const companies = await batchInChunks(companyIds, HUBSPOT_BATCH_SIZE, (chunk) =>
      hubspot<CrmObject>('/crm/v3/objects/companies/batch/read', { properties: COMPANY_PROPERTIES, inputs: chunk.map((id) => ({ id })) }),
    );
    const companyName = new Map(companies.map((company) => [company.id, company.properties.name ?? null]));
    return new Map(
      contacts.map((contact) => {
        const companyId = companyOf.get(contact.id) ?? null;
        const crm = {
          email: contact.properties.email ?? null,
          lifecycleStage: contact.properties.lifecyclestage ?? null,
          company: companyId === null ? null : (companyName.get(companyId) ?? null),
        };
        return [crm.email?.toLowerCase() ?? '', crm];
      }),
    );
  }

  /** PaymentIntents whose metadata[key] is one of the values, ten values a search, the searches in parallel. */
  async function paymentsBy(key: 'erp_partner_id' | 'erp_order_id', values: string[]): Promise<Map<string, PaymentIntent[]>> {
    const payments = await batchInChunks(values, STRIPE_SEARCH_MAX_CLAUSES, (chunk) => stripeSearch<PaymentIntent>('payment_intents', metadataAnyOf(key, chunk)));
    const byValue = new Map<string, PaymentIntent[]>(values.map((value) => [value, []]));
    for (const payment of payments) byValue.get(payment.metadata[key] ?? '')?.push(payment);
    return byValue;
  }

  /** Each order's shipment statuses: the ERP's deliveries give the tracking codes, the carrier their status. */
  async function shipmentsOf(orderIds: number[]): Promise<Map<number, string[]>> {
    const pickings = await executeKw<{ sale_id: Many2one; carrier_tracking_ref: string | false }>(ODOO_MODELS.picking, 'search_read', [[['sale_id', 'in', orderIds]]], {
      order: 'id asc',
    });
    const codes = pickings.flatMap((picking) => (picking.carrier_tracking_ref === false ? [] : [picking.carrier_tracking_ref]));
    const trackers = await batchInChunks(codes, EASYPOST_BATCH_SIZE, (chunk) =>
      send<{ trackers: { tracking_code: string; status: string }[] }>('shipping', `${urls.shipping}/v2/trackers/batch`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.shipping.apiKey}:`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ tracking_codes: chunk }),
      }).then((answer) => answer.trackers),
    );
    const statusOf = new Map(trackers.map((tracker) => [tracker.tracking_code, upper(tracker.status)]));
    const byOrder = new Map<number, string[]>(orderIds.map((id) => [id, []]));
    for (const picking of pickings) {
      const status = picking.carrier_tracking_ref === false ? undefined : statusOf.get(picking.carrier_tracking_ref);
      const orderId = idOf(picking.sale_id);
      if (status && orderId !== null) byOrder.get(orderId)?.push(status);
    }
    return byOrder;
  }

  /** Each partner's newest `first` orders with their shipments: orders, then deliveries, then trackers. */
  async function ordersOf(partnerIds: number[], first: number): Promise<Map<number, SaleOrder[]>> {
    const orders = await executeKw<SaleOrder>(ODOO_MODELS.order, 'search_read', [[['partner_id', 'in', partnerIds]]], { order: 'date_order desc, id desc' });
    const byPartner = new Map<number, SaleOrder[]>(partnerIds.map((id) => [id, []]));
    for (const order of orders) {
      const list = byPartner.get(idOf(order.partner_id) ?? 0);
      if (list && list.length < first) list.push(order);
    }
    return byPartner;
  }

  async function ordersWithShipments(partnerIds: number[], first: number, orderKey: (order: SaleOrder) => string) {
    const orders = await ordersOf(partnerIds, first);
    const shipments = await shipmentsOf([...orders.values()].flat().map((order) => order.id));
    return new Map(
      [...orders].map(([partnerId, list]) => [
        partnerId,
        list.map((order) => ({ order: orderKey(order), total: minorOf(order.amount_total, CURRENCY_OF(order)), shipments: shipments.get(order.id) ?? [] })),
      ]),
    );
  }

  return {
    calls,
    resetCalls: () => Object.keys(calls).forEach((system) => (calls[system as SandboxSystem] = 0)),

    async customers(first) {
      const partners = await executeKw<Partner>(ODOO_MODELS.partner, 'search_read', [[['customer_rank', '>', 0]]], { order: 'id asc', limit: first });
      const ids = partners.map((partner) => partner.id);
      const [crm, payments, orders] = await Promise.all([
        crmOf(partners.flatMap((partner) => (partner.email === false ? [] : [partner.email]))),
        paymentsBy('erp_partner_id', ids.map(String)),
        ordersWithShipments(ids, 5, (order) => String(order.id)),
      ]);
      return partners.map((partner) => ({
        id: partner.id,
        name: partner.name,
        crm: partner.email === false ? null : (crm.get(partner.email.toLowerCase()) ?? null),
        payments: sortedLines((payments.get(String(partner.id)) ?? []).map((p) => paymentLine({ status: p.status, amount: p.amount, currency: p.currency }))),
        orders: orders.get(partner.id) ?? [],
      }));
    },

    async customer(id) {
      // Only the CRM needs the partner's answer (its email); the rest goes by the partner id at once.
      const [partnerWithCrm, billing, payments, orders] = await Promise.all([
        executeKw<Partner>(ODOO_MODELS.partner, 'read', [[id]]).then(async ([partner]) => {
          const crm = partner && partner.email !== false ? await crmOf([partner.email]) : new Map<string, CustomerData['crm']>();
          return partner && { partner, crm: partner.email === false ? null : (crm.get(partner.email.toLowerCase()) ?? null) };
        }),
        stripeSearch<StripeCustomer>('customers', metadataAnyOf('erp_partner_id', [String(id)]), ['data.invoice_settings.default_payment_method']),
        paymentsBy('erp_partner_id', [String(id)]),
        ordersWithShipments([id], 5, (order) => order.name),
      ]);
      if (!partnerWithCrm) return null;
      const { partner, crm } = partnerWithCrm;
      const card = billing[0]?.invoice_settings?.default_payment_method?.card;
      return {
        id: partner.id,
        name: partner.name,
        email: partner.email === false ? null : partner.email,
        crm,
        billing: billing[0] ? { balance: billing[0].balance, card: card ? `${card.brand} ${card.last4}` : null } : null,
        payments: sortedLines((payments.get(String(id)) ?? []).map((p) => paymentLine({ status: p.status, amount: p.amount }))),
        orders: orders.get(id) ?? [],
      };
    },

    async order(id) {
      // The lines, deliveries and payments are found by the order id, so nothing waits for the order itself.
      const [[order], lines, shipments, payments] = await Promise.all([
        executeKw<SaleOrder>(ODOO_MODELS.order, 'read', [[id]]),
        executeKw<SaleOrderLine>(ODOO_MODELS.line, 'search_read', [[['order_id', '=', id]]], { order: 'id asc' }).then(async (orderLines) => {
          const productIds = [...new Set(orderLines.flatMap((line) => (line.product_id === false ? [] : [line.product_id[0]])))];
          const products = productIds.length > 0 ? await executeKw<{ id: number; name: string }>(ODOO_MODELS.product, 'read', [productIds]) : [];
          const productName = new Map(products.map((product) => [product.id, product.name]));
          return orderLines.map((line) => ({ line, product: productName.get(idOf(line.product_id) ?? 0) ?? null }));
        }),
        shipmentsOf([id]),
        paymentsBy('erp_order_id', [String(id)]),
      ]);
      if (!order) return null;
      const currency = CURRENCY_OF(order);
      return {
        id: order.id,
        reference: order.name,
        status: orderStatusOf(order.state),
        total: moneyLine(minorOf(order.amount_total, currency), currency),
        lines: lines.map(({ line, product }) =>
          lineOf(line.name, line.product_uom_qty, minorOf(line.price_unit, currency), minorOf(line.price_total, currency), product),
        ),
        payments: sortedLines((payments.get(String(id)) ?? []).map((p) => paymentLine(p))),
        shipments: shipments.get(id) ?? [],
      };
    },
  };
}
