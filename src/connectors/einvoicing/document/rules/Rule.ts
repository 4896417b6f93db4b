import type { UblDocument } from './readUblDocument.js';
import type { UblElement } from './UblElement.js';

/** One business rule of EN 16931 or Peppol BIS Billing 3.0, written from its schematron assert. */
export interface Rule {
  /** The official id, e.g. BR-CO-10 or PEPPOL-EN16931-R003; UBL-CARD-… for a cardinality Peppol sets. */
  readonly id: string;
  /** The official text, without its "[id]-" prefix, shortened where it runs long. */
  readonly message: string;
  /** The paths of the elements that break the rule; none when the document keeps it. */
  check(document: UblDocument): readonly string[];
}

/** A rule about the document as a whole (the schematron's context is the root). */
export function documentRule(id: string, message: string, holds: (document: UblDocument) => boolean): Rule {
  return { id, message, check: (document) => (holds(document) ? [] : [document.root.path]) };
}

/** A rule every element of a kind must keep (the schematron's context is that element). */
export function elementRule(
  id: string,
  message: string,
  contexts: (document: UblDocument) => readonly UblElement[],
  holds: (element: UblElement, document: UblDocument) => boolean,
): Rule {
  return {
    id,
    message,
    check: (document) => contexts(document).filter((element) => !holds(element, document)).map((element) => element.path),
  };
}
