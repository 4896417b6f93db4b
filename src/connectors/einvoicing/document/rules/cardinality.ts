import { documentRule, type Rule } from './Rule.js';
import type { UblDocument } from './readUblDocument.js';
import { select, type UblElement } from './UblElement.js';

/**
 * A cardinality the UBL syntax binding of Peppol BIS Billing 3.0 sets, which no business rule states on
 * its own. An absent mandatory element is also reported by the business rule that asks for its value (a
 * missing cbc:ID breaks BR-02 too), as a schema check and the schematron would both refuse it.
 */
function cardinalityRule(
  element: string,
  subject: string,
  [min, max]: readonly [number, number],
  occurrences: (document: UblDocument) => readonly number[],
): Rule {
  const bounds = min === max ? `exactly ${min === 1 ? 'once' : `${min} times`}` : `${min} to ${max} times`;
  return documentRule(`UBL-CARD-${element}`, `${subject} MUST occur ${bounds} (${min}..${max}).`, (document) =>
    occurrences(document).every((count) => count >= min && count <= max),
  );
}

const count = (parent: UblElement | undefined, ...names: readonly string[]) => select(parent, ...names).length;

const ONCE = [1, 1] as const;

/** How often the elements occur in each party of a role (one party when UBL-CARD-Accounting…Party holds). */
function inEachParty(role: 'AccountingSupplierParty' | 'AccountingCustomerParty', ...names: readonly string[]) {
  return ({ root }: UblDocument) => select(root, role, 'Party').map((party) => count(party, ...names));
}

function partyRules(label: 'Seller' | 'Buyer', role: 'AccountingSupplierParty' | 'AccountingCustomerParty'): Rule[] {
  const party = `cac:${role}/cac:Party`;
  return [
    cardinalityRule(`${label}EndpointID`, `cbc:EndpointID in ${party}`, ONCE, inEachParty(role, 'EndpointID')),
    cardinalityRule(`${label}PostalAddress`, `cac:PostalAddress in ${party}`, ONCE, inEachParty(role, 'PostalAddress')),
    cardinalityRule(
      `${label}PartyLegalEntity`,
      `cac:PartyLegalEntity in ${party}`,
      ONCE,
      inEachParty(role, 'PartyLegalEntity'),
    ),
    cardinalityRule(
      `${label}RegistrationName`,
      `cbc:RegistrationName in ${party}/cac:PartyLegalEntity`,
      ONCE,
      ({ root }) => select(root, role, 'Party', 'PartyLegalEntity').map((entity) => count(entity, 'RegistrationName')),
    ),
  ];
}

/** The occurrences of a child of the root. */
const atRoot =
  (name: string) =>
  ({ root }: UblDocument) => [count(root, name)];

/** A party role and its one party: cac:AccountingSupplierParty/cac:Party, for instance. */
const roleWithParty =
  (role: 'AccountingSupplierParty' | 'AccountingCustomerParty') =>
  ({ root }: UblDocument) => [
    count(root, role),
    ...select(root, role).map((roleElement) => count(roleElement, 'Party')),
  ];

/** UBL cardinalities Peppol requires. */
export const cardinalityRules: readonly Rule[] = [
  cardinalityRule('CustomizationID', 'cbc:CustomizationID', ONCE, atRoot('CustomizationID')),
  cardinalityRule('ProfileID', 'cbc:ProfileID', ONCE, atRoot('ProfileID')),
  cardinalityRule('ID', 'cbc:ID', ONCE, atRoot('ID')),
  cardinalityRule('IssueDate', 'cbc:IssueDate', ONCE, atRoot('IssueDate')),
  cardinalityRule('TypeCode', 'cbc:InvoiceTypeCode (cbc:CreditNoteTypeCode in a CreditNote)', ONCE, (document) =>
    atRoot(document.isCreditNote ? 'CreditNoteTypeCode' : 'InvoiceTypeCode')(document),
  ),
  cardinalityRule('DocumentCurrencyCode', 'cbc:DocumentCurrencyCode', ONCE, atRoot('DocumentCurrencyCode')),
  cardinalityRule(
    'AccountingSupplierParty',
    'cac:AccountingSupplierParty, with one cac:Party,',
    ONCE,
    roleWithParty('AccountingSupplierParty'),
  ),
  cardinalityRule(
    'AccountingCustomerParty',
    'cac:AccountingCustomerParty, with one cac:Party,',
    ONCE,
    roleWithParty('AccountingCustomerParty'),
  ),
  cardinalityRule('TaxTotal', 'cac:TaxTotal', [1, 2], atRoot('TaxTotal')),
  cardinalityRule('LegalMonetaryTotal', 'cac:LegalMonetaryTotal', ONCE, atRoot('LegalMonetaryTotal')),
  ...partyRules('Seller', 'AccountingSupplierParty'),
  ...partyRules('Buyer', 'AccountingCustomerParty'),
];
