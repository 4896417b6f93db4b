import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { first, textAt, type UblElement } from './UblElement.js';

/** A UBL Invoice or CreditNote with what most rules start from already found. */
export interface UblDocument {
  readonly root: UblElement;
  readonly isCreditNote: boolean;
  /** The InvoiceLine, or CreditNoteLine, elements. */
  readonly lines: readonly UblElement[];
  /** BT-5 as written, '' when absent. */
  readonly currency: string;
  /** AccountingSupplierParty/Party */
  readonly seller: UblElement | undefined;
  /** AccountingCustomerParty/Party */
  readonly buyer: UblElement | undefined;
  /** The NN of a ProfileID in the Peppol format urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0, if it is in it. */
  readonly profile: string | undefined;
}

export type UblReading = { readonly document: UblDocument } | { readonly syntaxError: string };

// Values stay text ("100.00" is not 100, "0208" is not 208); order is kept so positions in paths are true.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

// Unanchored, as the schematron's matches() is.
const PEPPOL_PROFILE = /urn:fdc:peppol\.eu:2017:poacc:billing:([0-9]{2}):1\.0/;

/** The XML as a UBL document, or why it is not one. */
export function readUblDocument(xml: string): UblReading {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    return { syntaxError: `The document is not well-formed XML: ${msg} (line ${line}, column ${col})` };
  }
  const [root] = elementsOf(parser.parse(xml), '');
  if (root === undefined || (root.name !== 'Invoice' && root.name !== 'CreditNote')) {
    return { syntaxError: `The document is not a UBL Invoice or CreditNote (its root is ${root?.name ?? 'missing'})` };
  }
  const isCreditNote = root.name === 'CreditNote';
  const lineName = isCreditNote ? 'CreditNoteLine' : 'InvoiceLine';
  return {
    document: {
      root,
      isCreditNote,
      lines: root.children.filter((child) => child.name === lineName),
      currency: textAt(root, 'DocumentCurrencyCode'),
      seller: first(root, 'AccountingSupplierParty', 'Party'),
      buyer: first(root, 'AccountingCustomerParty', 'Party'),
      profile: PEPPOL_PROFILE.exec(textAt(root, 'ProfileID'))?.[1],
    },
  };
}

/** fast-xml-parser's ordered output ([{ name: [children], ':@': {attributes} }, { '#text': … }]) as elements. */
function elementsOf(nodes: unknown, parentPath: string): UblElement[] {
  const tagged = (Array.isArray(nodes) ? nodes : []).flatMap((node: unknown) => {
    if (typeof node !== 'object' || node === null) return [];
    const entries = node as Record<string, unknown>;
    const qname = Object.keys(entries).find((key) => key !== ':@' && key !== '#text');
    return qname === undefined ? [] : [{ qname, content: entries[qname], attributes: entries[':@'] }];
  });
  const counts = new Map<string, number>();
  for (const { qname } of tagged) counts.set(qname, (counts.get(qname) ?? 0) + 1);
  const seen = new Map<string, number>();
  return tagged.map(({ qname, content, attributes }) => {
    const position = (seen.get(qname) ?? 0) + 1;
    seen.set(qname, position);
    const path = `${parentPath}/${qname}${(counts.get(qname) ?? 0) > 1 ? `[${position}]` : ''}`;
    return {
      name: qname.slice(qname.indexOf(':') + 1),
      path,
      attributes: stringsOf(attributes),
      text: textOf(content),
      children: elementsOf(content, path),
    };
  });
}

function textOf(content: unknown): string {
  const pieces = (Array.isArray(content) ? content : []).flatMap((node: unknown) =>
    typeof node === 'object' && node !== null && '#text' in node ? [String(node['#text'])] : [],
  );
  return pieces.join('').replace(/[ \t\r\n]+/g, ' ').trim();
}

function stringsOf(attributes: unknown): Record<string, string> {
  if (typeof attributes !== 'object' || attributes === null) return {};
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, String(value)]));
}
