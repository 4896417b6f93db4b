/** The read-path queries every benchmark loads, so their figures compare. */
const id = (type: string, n: number) => Buffer.from(`${type}:${n}`).toString('base64url');

export const BENCH_QUERIES = {
  'customers(first: 50)': `{ customers(first: 50) { nodes { id name crm { email lifecycleStage company { name } } payments { status amount { amount currency } } orders(first: 5) { id total { amount } shipments { status } } } } }`,
  'customer(id)': `{ customer(id: "${id('Customer', 7)}") { id name email crm { email lifecycleStage company { name } } billing { balance { amount } defaultCard { brand last4 } } payments { status amount { amount } } orders(first: 5) { reference total { amount } shipments { status } } } }`,
  // S00005 has three lines, a payment and a delivered parcel, so the query reaches the ERP, Stripe and the carrier.
  'order(id)': `{ order(id: "${id('Order', 5)}") { id reference status total { amount currency } lines { description quantity unitPrice { amount } total { amount } product { name } } payments { id status amount { amount currency } } shipments { status } } }`,
};

export type BenchQueryName = keyof typeof BENCH_QUERIES;
