import { decodeId } from '../../src/graphql/ids.js';
import type { SaleOrderState } from '../../src/connectors/erp/types.js';
import { BENCH_QUERIES, type BenchQueryName } from '../queries.js';
import type { FloorClient } from './floorClient.js';
import { lineOf, minorOf, moneyLine, orderStatusOf, paymentLine, sortedLines, upper, type CustomerData, type OrderData } from './sameData.js';

/**
 * The three benchmark queries as each target asks them. Switchyard's are the ones every benchmark loads
 * (bench/queries.ts); the peer's ask its own schema for the same data; the floor is a function. Each
 * answer is turned into the same shape (sameData.ts) so the bench can check they agree before loading.
 */
export interface PeerBenchQuery<Data> {
  readonly name: BenchQueryName;
  readonly switchyard: string;
  readonly peer: string;
  fromSwitchyard(data: Record<string, unknown>): Data;
  fromPeer(data: Record<string, unknown>): Data;
  floor(client: FloorClient): Promise<Data>;
}

/** The ids in bench/queries.ts; the data check fails loudly if they ever differ. */
const CUSTOMER_ID = 7;
const ORDER_ID = 5;

interface Money {
  amount: number;
  currency?: string;
}
interface SwitchyardCustomer {
  id: string;
  name: string;
  email?: string | null;
  crm: { email: string | null; lifecycleStage: string | null; company: { name: string | null } | null } | null;
  billing?: { balance: Money; defaultCard: { brand: string; last4: string } | null } | null;
  payments: { status: string; amount: Money }[];
  orders: { id?: string; reference?: string; total: Money; shipments: { status: string }[] }[];
}
interface SwitchyardOrder {
  id: string;
  reference: string;
  status: string;
  total: Required<Money>;
  lines: { description: string; quantity: number; unitPrice: Money; total: Money; product: { name: string } | null }[];
  payments: { id: string; status: string; amount: Required<Money> }[];
  shipments: { status: string }[];
}

type Many2one = [number, string] | false;
interface PeerPartner {
  id: number;
  name: string;
  email?: string | false;
  crm: { properties: { email: string | null; lifecyclestage: string | null }; company: { properties: { name: string | null } } | null } | null;
  billing?: { balance: number; invoice_settings: { default_payment_method: { card: { brand: string; last4: string } | null } | null } | null } | null;
  payments: { status: string; amount: number; currency?: string }[];
  orders: { id?: number; name?: string; amount_total: number; currency_id: Many2one; shipments: { status: string }[] }[];
}
interface PeerOrder {
  id: number;
  name: string;
  state: SaleOrderState;
  amount_total: number;
  currency_id: Many2one;
  lines: { name: string; product_uom_qty: number; price_unit: number; price_total: number; product: { name: string } | null }[];
  payments: { id: string; status: string; amount: number; currency: string }[];
  shipments: { status: string }[];
}

const currencyOf = (currency: Many2one) => (currency === false ? 'EUR' : currency[1]);

function customerFromSwitchyard(customer: SwitchyardCustomer): CustomerData {
  return {
    id: decodeId('Customer', customer.id),
    name: customer.name,
    ...(customer.email !== undefined ? { email: customer.email } : {}),
    crm: customer.crm && { email: customer.crm.email, lifecycleStage: customer.crm.lifecycleStage, company: customer.crm.company?.name ?? null },
    ...(customer.billing !== undefined
      ? {
          billing: customer.billing && {
            balance: customer.billing.balance.amount,
            card: customer.billing.defaultCard && `${customer.billing.defaultCard.brand} ${customer.billing.defaultCard.last4}`,
          },
        }
      : {}),
    payments: sortedLines(customer.payments.map((payment) => paymentLine({ status: payment.status, ...payment.amount }))),
    orders: customer.orders.map((order) => ({
      order: order.reference ?? String(decodeId('Order', order.id ?? '')),
      total: order.total.amount,
      shipments: order.shipments.map((shipment) => shipment.status),
    })),
  };
}

function customerFromPeer(partner: PeerPartner): CustomerData {
  const card = partner.billing?.invoice_settings?.default_payment_method?.card;
  return {
    id: partner.id,
    name: partner.name,
    ...(partner.email !== undefined ? { email: partner.email === false ? null : partner.email } : {}),
    crm: partner.crm && {
      email: partner.crm.properties.email,
      lifecycleStage: partner.crm.properties.lifecyclestage,
      company: partner.crm.company?.properties.name ?? null,
    },
    ...(partner.billing !== undefined ? { billing: partner.billing && { balance: partner.billing.balance, card: card ? `${card.brand} ${card.last4}` : null } } : {}),
    payments: sortedLines(partner.payments.map(paymentLine)),
    orders: partner.orders.map((order) => ({
      order: order.name ?? String(order.id),
      total: minorOf(order.amount_total, currencyOf(order.currency_id)),
      shipments: order.shipments.map((shipment) => upper(shipment.status)),
    })),
  };
}

const customers: PeerBenchQuery<CustomerData[]> = {
  name: 'customers(first: 50)',
  switchyard: BENCH_QUERIES['customers(first: 50)'],
  peer: `{ customers(first: 50) { id name crm { properties { email lifecyclestage } company { properties { name } } } payments { status amount currency } orders(first: 5) { id amount_total currency_id shipments { status } } } }`,
  fromSwitchyard: (data) => (data.customers as { nodes: SwitchyardCustomer[] }).nodes.map(customerFromSwitchyard),
  fromPeer: (data) => (data.customers as PeerPartner[]).map(customerFromPeer),
  floor: (client) => client.customers(50),
};

const customer: PeerBenchQuery<CustomerData | null> = {
  name: 'customer(id)',
  switchyard: BENCH_QUERIES['customer(id)'],
  peer: `{ customer(id: ${CUSTOMER_ID}) { id name email crm { properties { email lifecyclestage } company { properties { name } } } billing { balance invoice_settings { default_payment_method { card { brand last4 } } } } payments { status amount } orders(first: 5) { name amount_total currency_id shipments { status } } } }`,
  fromSwitchyard: (data) => (data.customer ? customerFromSwitchyard(data.customer as SwitchyardCustomer) : null),
  fromPeer: (data) => (data.customer ? customerFromPeer(data.customer as PeerPartner) : null),
  floor: (client) => client.customer(CUSTOMER_ID),
};

const order: PeerBenchQuery<OrderData | null> = {
  name: 'order(id)',
  switchyard: BENCH_QUERIES['order(id)'],
  peer: `{ order(id: ${ORDER_ID}) { id name state amount_total currency_id lines { name product_uom_qty price_unit price_total product { name } } payments { id status amount currency } shipments { status } } }`,
  fromSwitchyard: (data) => {
    const answer = data.order as SwitchyardOrder | null;
    return (
      answer && {
        id: decodeId('Order', answer.id),
        reference: answer.reference,
        status: answer.status,
        total: moneyLine(answer.total.amount, answer.total.currency),
        lines: answer.lines.map((line) => lineOf(line.description, line.quantity, line.unitPrice.amount, line.total.amount, line.product?.name ?? null)),
        payments: sortedLines(answer.payments.map((payment) => paymentLine({ id: payment.id, status: payment.status, ...payment.amount }))),
        shipments: answer.shipments.map((shipment) => shipment.status),
      }
    );
  },
  fromPeer: (data) => {
    const answer = data.order as PeerOrder | null;
    if (!answer) return null;
    const currency = currencyOf(answer.currency_id);
    return {
      id: answer.id,
      reference: answer.name,
      status: orderStatusOf(answer.state),
      total: moneyLine(minorOf(answer.amount_total, currency), currency),
      lines: answer.lines.map((line) =>
        lineOf(line.name, line.product_uom_qty, minorOf(line.price_unit, currency), minorOf(line.price_total, currency), line.product?.name ?? null),
      ),
      payments: sortedLines(answer.payments.map(paymentLine)),
      shipments: answer.shipments.map((shipment) => upper(shipment.status)),
    };
  },
  floor: (client) => client.order(ORDER_ID),
};

export const PEER_BENCH_QUERIES: readonly PeerBenchQuery<unknown>[] = [customers, customer, order];
