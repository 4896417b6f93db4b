import type { EInvoiceParty, EInvoiceSource, EInvoiceTaxGroup, VatCategory } from '../connectors/einvoicing/EInvoiceSource.js';
import type { ErpInvoiceDocument, ErpParty, ErpTaxOfLine } from '../connectors/erp/types.js';

const VAT_CATEGORIES: ReadonlySet<string> = new Set<VatCategory>(['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M']);

/** A line's VAT as UNCL5305 knows it: the tax's own code, else standard when it charges something, zero-rated when not. */
function vatOf(taxes: readonly ErpTaxOfLine[]): { category: VatCategory; rate: number; exemptionReason: string | null } {
  const [tax] = taxes;
  if (!tax) return { category: 'O', rate: 0, exemptionReason: null };
  const category = tax.category && VAT_CATEGORIES.has(tax.category) ? (tax.category as VatCategory) : tax.rate > 0 ? 'S' : 'Z';
  return { category, rate: tax.rate, exemptionReason: tax.exemptionReason };
}

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;

function partyOf(party: ErpParty): EInvoiceParty {
  // A legal registration number that is also the Peppol address has that address's scheme (the Belgian enterprise number's 0208).
  const legalScheme = party.peppol && party.registry && party.peppol.id === party.registry ? party.peppol.scheme : null;
  return {
    name: party.name,
    vatId: party.vat,
    legalId: party.registry ? { scheme: legalScheme, id: party.registry } : null,
    endpoint: party.peppol,
    address: { street: party.street, city: party.city, postalCode: party.zip, country: party.countryCode },
    email: party.email,
  };
}

const cents = (amount: number) => Math.round(amount * 100) / 100;

/**
 * A posted ERP invoice as an e-invoice: its figures as the ERP computed them (totals, and the VAT per
 * category and rate from its lines' taxed totals), never recomputed, so a document whose figures do
 * not add up is refused by the rules instead of being quietly mended.
 */
export function eInvoiceSourceOf(document: ErpInvoiceDocument): EInvoiceSource {
  const lines = document.lines.map((line, index) => {
    const vat = vatOf(line.taxes);
    return { line, vat, source: { id: String(index + 1), name: line.description, quantity: line.quantity, unitCode: line.unitCode ?? 'C62', unitPrice: line.unitPrice, netAmount: line.subtotal, vat: { category: vat.category, rate: vat.rate } } };
  });
  const groups = new Map<string, EInvoiceTaxGroup>();
  for (const { line, vat } of lines) {
    const key = `${vat.category}:${vat.rate}`;
    const group = groups.get(key);
    groups.set(key, {
      category: vat.category,
      rate: vat.rate,
      taxable: cents((group?.taxable ?? 0) + line.subtotal),
      tax: cents((group?.tax ?? 0) + line.total - line.subtotal),
      exemptionReason: group?.exemptionReason ?? vat.exemptionReason,
    });
  }
  const account = document.bankAccount?.replace(/\s+/g, '') ?? null;
  return {
    kind: document.kind === 'out_refund' ? 'credit_note' : 'invoice',
    number: document.number,
    issueDate: document.invoiceDate ?? '',
    dueDate: document.dueDate,
    currency: document.currency,
    buyerReference: document.reference,
    orderReference: document.origin,
    corrects: document.reverses && { number: document.reverses.number, issueDate: document.reverses.invoiceDate },
    seller: partyOf(document.seller),
    buyer: partyOf(document.buyer),
    lines: lines.map(({ source }) => source),
    paymentTerms: document.paymentTerm,
    // 58: SEPA credit transfer, to an IBAN; 30: any other credit transfer.
    payment: account ? { meansCode: IBAN.test(account) ? '58' : '30', accountId: account, reference: document.number } : null,
    totals: {
      lineExtension: document.amountUntaxed,
      taxExclusive: document.amountUntaxed,
      tax: document.amountTax,
      taxInclusive: document.amountTotal,
      payable: document.amountTotal,
    },
    taxBreakdown: [...groups.values()],
  };
}
