import type { GraphQLResolveInfo } from 'graphql';
import { companyShape, contactShape } from '../../connectors/crm/createCrmConnector.js';
import { invoiceModel, partnerModel, productModel, saleOrderLineModel, saleOrderModel } from '../../connectors/erp/odooModels.js';
import { trackerShape } from '../../connectors/shipping/createShippingConnector.js';
import { selectedFields } from './selectedFields.js';

/**
 * For each GraphQL type backed by an upstream record, the record attributes each of its fields needs.
 * A field whose name is an attribute of the record needs that attribute and is not listed; a field
 * listed with [] needs nothing of the record itself (it is read by the record's id). Adding a field
 * that maps to a new upstream field is one attribute in the connector's shape, plus a line here
 * only when its name differs. What the reads resolve to is cached per selection.
 */
export interface TypeReads {
  /** The attributes a selection of this type's fields needs. */
  of(selected: ReadonlySet<string>): ReadonlySet<string>;
}

function reads(attributeNames: readonly string[], needs: Readonly<Record<string, readonly string[]>>): TypeReads {
  const attributes = new Set(attributeNames);
  const cache = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
  return {
    of(selected) {
      let result = cache.get(selected);
      if (!result) {
        const wanted = new Set<string>();
        for (const field of selected) {
          for (const name of needs[field] ?? (attributes.has(field) ? [field] : [])) wanted.add(name);
        }
        cache.set(selected, (result = wanted));
      }
      return result;
    },
  };
}

const money = (amount: string) => [amount, 'currency'];

export const UPSTREAM_READS = {
  Customer: reads(partnerModel.shape.attributeNames, {
    address: ['street', 'city', 'zip', 'country'],
    orders: ['orderIds'],
    invoices: [],
    crm: ['email'],
    billing: ['currency'],
    payments: [],
    peppol: ['peppolScheme', 'peppolId'],
  }),
  Order: reads(saleOrderModel.shape.attributeNames, {
    reference: ['name'],
    status: ['state'],
    customer: ['partnerId'],
    lines: ['currency'],
    subtotal: money('amountUntaxed'),
    tax: money('amountTax'),
    total: money('amountTotal'),
    invoices: ['invoiceIds'],
    payments: [],
    shipments: [],
  }),
  OrderLine: reads(saleOrderLineModel.shape.attributeNames, { product: ['productId'], unitPrice: ['priceUnit'] }),
  Product: reads(productModel.shape.attributeNames, { listPrice: money('listPrice') }),
  Invoice: reads(invoiceModel.shape.attributeNames, {
    issuedOn: ['invoiceDate'],
    dueOn: ['dueDate'],
    total: money('amountTotal'),
    amountDue: money('amountResidual'),
    eInvoice: [],
    eInvoiceDocument: [],
  }),
  CrmContact: reads(contactShape.attributeNames, { owner: ['ownerId'], company: [] }),
  CrmCompany: reads(companyShape.attributeNames, {}),
  BillingProfile: reads(['id', 'email', 'defaultCard'], { balance: ['balance', 'currency'] }),
  Shipment: reads(trackerShape.attributeNames, {}),
} as const satisfies Record<string, TypeReads>;

export type ReadType = keyof typeof UPSTREAM_READS;

/** The attributes of `type` the field being resolved selects, below `paths` for a connection. */
export function readsOf(info: GraphQLResolveInfo, type: ReadType, ...paths: (readonly string[])[]): ReadonlySet<string> {
  return UPSTREAM_READS[type].of(selectedFields(info, ...paths));
}
