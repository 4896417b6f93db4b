import { SANDBOX_CREDENTIALS, type SandboxSystem } from '../../src/sandbox/SandboxSystem.js';
import { metadataAnyOf } from '../../src/connectors/payments/stripeSearchQuery.js';
import { executeKwArgs, type OdooSession } from '../peer/odooSession.js';
import { customerFacts, trackerFacts, type Fact } from './facts.js';

export type Kind = 'customer' | 'order';

export interface Answer {
  readonly facts: readonly Fact[];
  /** The answer held every field asked for, without errors. */
  readonly ok: boolean;
}

/** One way of asking the bench's two questions: a gateway over GraphQL, or the systems directly. */
export interface CacheBenchTarget {
  ask(kind: Kind, id: number): Promise<Answer>;
}

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');


async function postGraphql<T>(url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T | null; errors?: unknown[] };
  return { data: body.data ?? null, ok: response.ok && !body.errors };
}

interface SwitchyardShipment {
  trackingCode: string;
  updatedAt: string | null;
}
interface SwitchyardAnswer {
  customer?: {
    name: string;
    crm: { lifecycleStage: string | null } | null;
    payments: { amount: { amount: number } }[] | null;
    orders: { shipments: SwitchyardShipment[] | null }[] | null;
  } | null;
  order?: { shipments: SwitchyardShipment[] | null } | null;
}
interface PeerShipment {
  tracking_code: string;
  updated_at: string | null;
}
interface PeerAnswer {
  customer?: {
    name: string;
    crm: { properties: { lifecyclestage: string | null } } | null;
    payments: { amount: number }[] | null;
    orders: { shipments: PeerShipment[] | null }[] | null;
  } | null;
  order?: { shipments: PeerShipment[] | null } | null;
}

const fromSwitchyard = (shipment: SwitchyardShipment) => ({ code: shipment.trackingCode, updatedAt: shipment.updatedAt });
const fromPeer = (shipment: PeerShipment) => ({ code: shipment.tracking_code, updatedAt: shipment.updated_at });

const SWITCHYARD = {
  customer: `query Customer($id: ID!) { customer(id: $id) { id name crm { lifecycleStage } payments { amount { amount } } orders(first: 3) { reference shipments { trackingCode updatedAt } } } }`,
  order: `query Order($id: ID!) { order(id: $id) { id reference status total { amount } lines { quantity product { name } } payments { status amount { amount } } shipments { trackingCode updatedAt } } }`,
};

/** Switchyard, cache on or off: the same questions in its schema. */
export function switchyardTarget(url: string, headers: Record<string, string>): CacheBenchTarget {
  return {
    async ask(kind, id) {
      const { data, ok } = await postGraphql<SwitchyardAnswer>(url, headers, SWITCHYARD[kind], { id: gid(kind === 'customer' ? 'Customer' : 'Order', id) });
      if (kind === 'order') return { ok, facts: trackerFacts((data?.order?.shipments ?? []).map(fromSwitchyard)) };
      const customer = data?.customer;
      if (!customer) return { ok: false, facts: [] };
      return {
        ok,
        facts: customerFacts(id, {
          name: customer.name,
          stage: customer.crm?.lifecycleStage,
          hasContact: customer.crm !== null,
          paymentsMinor: (customer.payments ?? []).map((payment) => payment.amount.amount),
          trackers: (customer.orders ?? []).flatMap((order) => (order.shipments ?? []).map(fromSwitchyard)),
        }),
      };
    },
  };
}

const PEER = {
  customer: `query Customer($id: Int!) { customer(id: $id) { id name crm { properties { lifecyclestage } } payments { amount } orders(first: 3) { name shipments { tracking_code updated_at } } } }`,
  order: `query Order($id: Int!) { order(id: $id) { id name state amount_total lines { product_uom_qty product { name } } payments { status amount } shipments { tracking_code updated_at } } }`,
};

/** Hive Gateway over GraphQL Mesh: the same questions in the peer's schema. */
export function peerTarget(url: string, headers: Record<string, string>): CacheBenchTarget {
  return {
    async ask(kind, id) {
      const { data, ok } = await postGraphql<PeerAnswer>(url, headers, PEER[kind], { id });
      if (kind === 'order') return { ok, facts: trackerFacts((data?.order?.shipments ?? []).map(fromPeer)) };
      const customer = data?.customer;
      if (!customer) return { ok: false, facts: [] };
      return {
        ok,
        facts: customerFacts(id, {
          name: customer.name,
          stage: customer.crm?.properties.lifecyclestage,
          hasContact: customer.crm !== null,
          paymentsMinor: (customer.payments ?? []).map((payment) => payment.amount),
          trackers: (customer.orders ?? []).flatMap((order) => (order.shipments ?? []).map(fromPeer)),
        }),
      };
    },
  };
}

/**
 * No gateway: each question as the fewest direct requests, those that do not wait on another in
 * parallel, as a hand-written client would make them.
 */
export function floorTarget(urls: Record<SandboxSystem, string>, odoo: OdooSession): CacheBenchTarget {
  const json = async <T>(url: string, init: RequestInit): Promise<T> => {
    const response = await fetch(url, init);
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  const odooCall = async <T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>) =>
    (
      await json<{ result: T[] }>(`${urls.erp}/jsonrpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'object', method: 'execute_kw', args: executeKwArgs(odoo, model, method, args, kwargs) } }),
      })
    ).result;
  const paymentsBy = async (key: string, value: number) =>
    (
      await json<{ data: { amount: number; status: string }[] }>(
        `${urls.payments}/v1/payment_intents/search?${new URLSearchParams({ query: metadataAnyOf(key, [String(value)]), limit: '100' })}`,
        { headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.payments.secretKey}` } },
      )
    ).data;
  const trackersOfOrders = async (orderIds: number[]) => {
    const pickings = await odooCall<{ carrier_tracking_ref: string | false }>('stock.picking', 'search_read', [[['sale_id', 'in', orderIds]]], { fields: ['carrier_tracking_ref'] });
    const codes = pickings.flatMap((picking) => (picking.carrier_tracking_ref ? [picking.carrier_tracking_ref] : []));
    if (codes.length === 0) return [];
    const batch = await json<{ trackers: PeerShipment[] }>(`${urls.shipping}/v2/trackers/batch`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.shipping.apiKey}:`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tracking_codes: codes }),
    });
    return batch.trackers.map(fromPeer);
  };

  return {
    async ask(kind, id) {
      if (kind === 'order') {
        const [order] = await odooCall<{ order_line: number[] }>('sale.order', 'read', [[id]], { fields: ['name', 'state', 'amount_total', 'order_line'] });
        if (!order) return { ok: false, facts: [] };
        const [lines, , trackers] = await Promise.all([
          odooCall<{ product_id: [number, string] | false }>('sale.order.line', 'read', [order.order_line], { fields: ['product_uom_qty', 'product_id'] }),
          paymentsBy('erp_order_id', id),
          trackersOfOrders([id]),
        ]);
        const productIds = [...new Set(lines.flatMap((line) => (line.product_id ? [line.product_id[0]] : [])))];
        await odooCall('product.product', 'read', [productIds], { fields: ['name'] });
        return { ok: true, facts: trackerFacts(trackers) };
      }
      const [partner] = await odooCall<{ name: string; email: string; sale_order_ids: number[] }>('res.partner', 'read', [[id]], { fields: ['name', 'email', 'sale_order_ids'] });
      if (!partner) return { ok: false, facts: [] };
      const orderIds = partner.sale_order_ids.slice(0, 3);
      const [contacts, payments, , trackers] = await Promise.all([
        json<{ results: { properties: { lifecyclestage: string | null } }[] }>(`${urls.crm}/crm/v3/objects/contacts/batch/read`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.crm.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ idProperty: 'email', properties: ['lifecyclestage'], inputs: [{ id: partner.email }] }),
        }),
        paymentsBy('erp_partner_id', id),
        odooCall('sale.order', 'read', [orderIds], { fields: ['name'] }),
        trackersOfOrders(orderIds),
      ]);
      const contact = contacts.results[0];
      return {
        ok: true,
        facts: customerFacts(id, {
          name: partner.name,
          stage: contact?.properties.lifecyclestage,
          hasContact: contact !== undefined,
          paymentsMinor: payments.map((payment) => payment.amount),
          trackers,
        }),
      };
    },
  };
}
