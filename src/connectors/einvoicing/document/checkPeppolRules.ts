import { cardinalityRules } from './rules/cardinality.js';
import { codeListRules } from './rules/codeLists.js';
import { identifierRules } from './rules/identifiers.js';
import { lineRules } from './rules/lines.js';
import { partyRules } from './rules/parties.js';
import { peppolRules } from './rules/peppol.js';
import { readUblDocument } from './rules/readUblDocument.js';
import type { Rule } from './rules/Rule.js';
import { totalRules } from './rules/totals.js';
import { vatRules } from './rules/vat.js';

/** A rule the document breaks. */
export interface RuleViolation {
  /** The official rule id (BR-CO-10, PEPPOL-EN16931-R003…), UBL-CARD-… for a Peppol cardinality, UBL-SYNTAX. */
  readonly rule: string;
  /** The rule's official text. */
  readonly message: string;
  /** The offending element, as an XPath such as /Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount. */
  readonly location?: string;
}

const RULES: readonly Rule[] = [
  ...identifierRules,
  ...lineRules,
  ...codeListRules,
  ...partyRules,
  ...totalRules,
  ...vatRules,
  ...peppolRules,
  ...cardinalityRules,
];

/** The ids of the rules checkPeppolRules checks, besides UBL-SYNTAX. */
export const PEPPOL_RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

/**
 * The EN 16931 and Peppol BIS Billing 3.0 rules a UBL Invoice or CreditNote breaks (a subset of the official
 * schematrons, written from them: see PEPPOL_RULE_IDS); none when it keeps them all. A document that is not
 * well-formed XML, or not an Invoice or CreditNote, breaks UBL-SYNTAX and nothing else is checked.
 */
export function checkPeppolRules(xml: string): RuleViolation[] {
  const reading = readUblDocument(xml);
  if ('syntaxError' in reading) return [{ rule: 'UBL-SYNTAX', message: reading.syntaxError }];
  const { document } = reading;
  return RULES.flatMap((rule) =>
    rule.check(document).map((location) => ({ rule: rule.id, message: rule.message, location })),
  );
}
