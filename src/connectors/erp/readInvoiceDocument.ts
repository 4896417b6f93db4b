import { z } from 'zod';
import type { CallContext } from '../core/createUpstreamClient.js';
import { parseUpstreamBody } from '../core/parseUpstreamBody.js';
import type { OdooRpc } from './odooRpc.js';
import type { ErpInvoiceDocument, ErpParty } from './types.js';

/** Odoo sends `false` for every empty value. */
const text = z.union([z.string(), z.literal(false)]).transform((value) => (value === false || value === '' ? null : value));
const relation = z.union([z.tuple([z.number(), z.string()]), z.literal(false)]).transform((value) => (value === false ? null : value[0]));
const currencyName = z.union([z.tuple([z.number(), z.string()]), z.literal(false)]).transform((value) => (value === false ? 'EUR' : value[1]));

const moveSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  move_type: z.string(),
  state: z.string(),
  partner_id: relation,
  company_id: relation,
  invoice_date: text,
  invoice_date_due: text,
  currency_id: currencyName,
  ref: text,
  invoice_origin: text,
  amount_untaxed: z.number(),
  amount_tax: z.number(),
  amount_total: z.number(),
  amount_residual: z.number(),
  invoice_payment_term_id: relation,
  partner_bank_id: relation,
  reversed_entry_id: relation,
  invoice_line_ids: z.array(z.number()),
});
const lineSchema = z.looseObject({
  id: z.number(),
  name: text,
  quantity: z.number(),
  price_unit: z.number(),
  price_subtotal: z.number(),
  price_total: z.number(),
  tax_ids: z.array(z.number()),
  product_uom_id: relation,
  display_type: text,
});
const partyFields = ['name', 'vat', 'company_registry', 'street', 'city', 'zip', 'country_id', 'email', 'peppol_eas', 'peppol_endpoint'];
const partySchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  vat: text,
  company_registry: text,
  street: text,
  city: text,
  zip: text,
  country_id: relation,
  email: text,
  peppol_eas: text,
  peppol_endpoint: text,
});
const taxSchema = z.looseObject({ id: z.number(), amount: z.number(), ubl_cii_tax_category_code: text, ubl_cii_tax_exemption_reason_code: text });

const read = async <T>(rpc: OdooRpc, context: CallContext, model: string, ids: readonly number[], fields: readonly string[], schema: z.ZodType<T>): Promise<T[]> =>
  ids.length === 0
    ? []
    : parseUpstreamBody('erp', z.array(schema), await rpc.executeKw(context, model, 'read', [[...new Set(ids)]], { fields: [...fields] }), `${model}.read`);

/**
 * A posted customer invoice with its lines, taxes, both parties (the company sells), payment terms and
 * bank account, as Odoo 17 keeps them with its Peppol module (peppol_eas, peppol_endpoint) and
 * account_edi_ubl_cii's tax codes: three rounds of reads, each one call per model.
 */
export async function readInvoiceDocument(rpc: OdooRpc, context: CallContext, invoiceId: number): Promise<ErpInvoiceDocument | null> {
  const [move] = await read(rpc, context, 'account.move', [invoiceId], Object.keys(moveSchema.shape), moveSchema).catch((error: unknown) => {
    if ((error as { upstreamCode?: string }).upstreamCode === 'odoo.exceptions.MissingError') return [];
    throw error;
  });
  if (!move) return null;
  const [lines, parties, banks, terms, reversed] = await Promise.all([
    read(rpc, context, 'account.move.line', move.invoice_line_ids, Object.keys(lineSchema.shape), lineSchema),
    Promise.all([
      read(rpc, context, 'res.partner', move.partner_id === null ? [] : [move.partner_id], partyFields, partySchema),
      read(rpc, context, 'res.company', move.company_id === null ? [] : [move.company_id], partyFields, partySchema),
    ]),
    read(rpc, context, 'res.partner.bank', move.partner_bank_id === null ? [] : [move.partner_bank_id], ['acc_number'], z.looseObject({ acc_number: z.string() })),
    read(rpc, context, 'account.payment.term', move.invoice_payment_term_id === null ? [] : [move.invoice_payment_term_id], ['name', 'note'], z.looseObject({ name: z.string(), note: text })),
    read(rpc, context, 'account.move', move.reversed_entry_id === null ? [] : [move.reversed_entry_id], ['name', 'invoice_date'], z.looseObject({ name: z.string(), invoice_date: text })),
  ]);
  const [[buyer], [seller]] = parties;
  if (!buyer || !seller) return null;
  const products = lines.filter((line) => line.display_type === null || line.display_type === 'product');
  const [taxes, units, countries] = await Promise.all([
    read(rpc, context, 'account.tax', products.flatMap((line) => line.tax_ids), Object.keys(taxSchema.shape), taxSchema),
    read(rpc, context, 'uom.uom', products.flatMap((line) => (line.product_uom_id === null ? [] : [line.product_uom_id])), ['x_unece_code'], z.looseObject({ id: z.number(), x_unece_code: text })),
    read(rpc, context, 'res.country', [buyer, seller].flatMap((party) => (party.country_id === null ? [] : [party.country_id])), ['code'], z.looseObject({ id: z.number(), code: z.string() })),
  ]);
  const taxOf = new Map(taxes.map((tax) => [tax.id, tax]));
  const unitOf = new Map(units.map((unit) => [unit.id, unit.x_unece_code]));
  const countryOf = new Map(countries.map((country) => [country.id, country.code]));
  const party = (record: z.output<typeof partySchema>): ErpParty => ({
    id: record.id,
    name: record.name,
    vat: record.vat,
    registry: record.company_registry,
    street: record.street,
    city: record.city,
    zip: record.zip,
    countryCode: record.country_id === null ? null : (countryOf.get(record.country_id) ?? null),
    email: record.email,
    peppol: record.peppol_eas && record.peppol_endpoint ? { scheme: record.peppol_eas, id: record.peppol_endpoint } : null,
  });
  const term = terms[0];
  return {
    id: move.id,
    number: move.name,
    kind: move.move_type === 'out_refund' ? 'out_refund' : 'out_invoice',
    state: move.state,
    invoiceDate: move.invoice_date,
    dueDate: move.invoice_date_due,
    currency: move.currency_id,
    reference: move.ref,
    origin: move.invoice_origin,
    amountUntaxed: move.amount_untaxed,
    amountTax: move.amount_tax,
    amountTotal: move.amount_total,
    amountResidual: move.amount_residual,
    paymentTerm: term ? (term.note ?? term.name) : null,
    bankAccount: banks[0]?.acc_number ?? null,
    reverses: reversed[0] ? { number: reversed[0].name, invoiceDate: reversed[0].invoice_date } : null,
    seller: party(seller),
    buyer: party(buyer),
    lines: products.map((line) => ({
      id: line.id,
      description: line.name ?? '',
      quantity: line.quantity,
      unitPrice: line.price_unit,
      subtotal: line.price_subtotal,
      total: line.price_total,
      unitCode: line.product_uom_id === null ? null : (unitOf.get(line.product_uom_id) ?? null),
      taxes: line.tax_ids.flatMap((id) => {
        const tax = taxOf.get(id);
        return tax ? [{ rate: tax.amount, category: tax.ubl_cii_tax_category_code, exemptionReason: tax.ubl_cii_tax_exemption_reason_code }] : [];
      }),
    })),
  };
}
