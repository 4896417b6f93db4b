import type { EInvoiceDocument, UblParty } from '../data/SandboxData.js';

/** The name e-invoice.be shows for a party: its legal name, else its trading name. */
function partyName(party: UblParty): string | null {
  return party.registrationName ?? party.tradingName;
}

/**
 * e-invoice.be's DocumentResponse for a stored document. Amounts are decimal strings as the document
 * states them (the API's Decimal fields), absent values null.
 */
export function documentResponse(document: EInvoiceDocument): Record<string, unknown> {
  const { ubl } = document;
  return {
    id: document.id,
    state: document.state,
    direction: document.direction,
    document_type: ubl.documentType,
    invoice_id: ubl.invoiceId,
    invoice_date: ubl.issueDate,
    due_date: ubl.dueDate,
    currency: ubl.currency,
    purchase_order: ubl.orderReference,
    payment_term: ubl.paymentTerms,
    subtotal: ubl.totals.taxExclusive,
    total_tax: ubl.taxTotal,
    invoice_total: ubl.totals.taxInclusive,
    amount_due: ubl.totals.payable,
    vendor_name: partyName(ubl.seller),
    vendor_tax_id: ubl.seller.vatId,
    vendor_company_id: ubl.seller.legalId?.id ?? null,
    customer_name: partyName(ubl.buyer),
    customer_tax_id: ubl.buyer.vatId,
    customer_company_id: ubl.buyer.legalId?.id ?? null,
    customer_id: ubl.buyer.identifiers[0]?.id ?? null,
    items: ubl.lines.map((line) => ({
      description: line.name, quantity: line.quantity, unit: line.unitCode, unit_price: line.unitPrice, amount: line.amount, tax_rate: line.taxRate,
    })),
    created_at: document.createdAt,
  };
}
