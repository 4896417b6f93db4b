import { cacheType } from '../core/cache/CacheType.js';
import type { Invoice, InvoiceRef, Partner, Picking, Product, SaleOrder, SaleOrderLine } from './types.js';

/** What changes in Odoo are called: a model's record, or the records of a model that point at one parent. */
export const erpTags = {
  partner: (id: number) => `erp:res.partner:${id}`,
  product: (id: number) => `erp:product.product:${id}`,
  order: (id: number) => `erp:sale.order:${id}`,
  invoice: (id: number) => `erp:account.move:${id}`,
  linesOfOrder: (orderId: number) => `erp:sale.order.line:order:${orderId}`,
  pickingsOfOrder: (orderId: number) => `erp:stock.picking:order:${orderId}`,
  invoicesOfPartner: (partnerId: number) => `erp:account.move:partner:${partnerId}`,
} as const;

/** Odoo sends nothing; its records are fresh until the write_date poll (POLL_ERP_SECONDS) or our own writes say otherwise. */
const FRESH_SECONDS = 600;

export const ERP_CACHE = {
  // A partner's orderIds change with its orders, which the poll reports under the partner's tag.
  partner: cacheType<number, Partner | null>({ system: 'erp', name: 'partner', freshSeconds: FRESH_SECONDS, selective: true, tagsOf: (id) => [erpTags.partner(id)] }),
  product: cacheType<number, Product | null>({ system: 'erp', name: 'product', freshSeconds: FRESH_SECONDS, selective: true, tagsOf: (id) => [erpTags.product(id)] }),
  order: cacheType<number, SaleOrder | null>({ system: 'erp', name: 'order', freshSeconds: FRESH_SECONDS, selective: true, tagsOf: (id) => [erpTags.order(id)] }),
  invoice: cacheType<number, Invoice | null>({ system: 'erp', name: 'invoice', freshSeconds: FRESH_SECONDS, selective: true, tagsOf: (id) => [erpTags.invoice(id)] }),
  linesOfOrder: cacheType<number, SaleOrderLine[]>({
    system: 'erp',
    name: 'orderLines',
    freshSeconds: FRESH_SECONDS,
    selective: true,
    tagsOf: (orderId) => [erpTags.linesOfOrder(orderId)],
  }),
  pickingsOfOrder: cacheType<number, Picking[]>({ system: 'erp', name: 'orderPickings', freshSeconds: FRESH_SECONDS, tagsOf: (orderId) => [erpTags.pickingsOfOrder(orderId)] }),
  invoiceRefsOfPartner: cacheType<number, InvoiceRef[]>({
    system: 'erp',
    name: 'partnerInvoices',
    freshSeconds: FRESH_SECONDS,
    tagsOf: (partnerId) => [erpTags.invoicesOfPartner(partnerId)],
  }),
} as const;
