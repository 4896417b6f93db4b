import {
  COUNTRY_CODES,
  CREDIT_NOTE_TYPE_CODES,
  CURRENCY_CODES,
  EAS_CODES,
  INVOICE_TYPE_CODES,
  PROFILE_01_CREDIT_NOTE_TYPE_CODES,
  PROFILE_01_INVOICE_TYPE_CODES,
  UNIT_CODES,
} from './codes.js';
import { elementRule, type Rule } from './Rule.js';
import { descendantsNamed, select } from './UblElement.js';

/** Codes must come from their code lists. */
export const codeListRules: readonly Rule[] = [
  elementRule(
    'BR-CL-01',
    'The document type code MUST be coded by the invoice and credit note related code lists of UNTDID 1001.',
    ({ root }) => descendantsNamed(root, 'InvoiceTypeCode', 'CreditNoteTypeCode'),
    (code) => (code.name === 'InvoiceTypeCode' ? INVOICE_TYPE_CODES : CREDIT_NOTE_TYPE_CODES).has(code.text),
  ),
  elementRule(
    'PEPPOL-EN16931-P0100',
    'Invoice type code MUST be set according to the profile.',
    ({ root }) => descendantsNamed(root, 'InvoiceTypeCode'),
    (code, { profile }) => profile !== '01' || PROFILE_01_INVOICE_TYPE_CODES.has(code.text),
  ),
  elementRule(
    'PEPPOL-EN16931-P0101',
    'Credit note type code MUST be set according to the profile.',
    ({ root }) => descendantsNamed(root, 'CreditNoteTypeCode'),
    (code, { profile }) => profile !== '01' || PROFILE_01_CREDIT_NOTE_TYPE_CODES.has(code.text),
  ),
  elementRule(
    'BR-CL-04',
    'Invoice currency code MUST be coded using ISO code list 4217 alpha-3',
    ({ root }) => descendantsNamed(root, 'DocumentCurrencyCode'),
    (code) => CURRENCY_CODES.has(code.text),
  ),
  elementRule(
    'BR-CL-14',
    'Country codes in an invoice MUST be coded using ISO code list 3166-1',
    ({ root }) => descendantsNamed(root, 'Country').flatMap((country) => select(country, 'IdentificationCode')),
    (code) => COUNTRY_CODES.has(code.text),
  ),
  elementRule(
    'BR-CL-23',
    'Unit code MUST be coded according to the UN/ECE Recommendation 20 with Rec 21 extension',
    ({ root }) =>
      descendantsNamed(root, 'InvoicedQuantity', 'CreditedQuantity', 'BaseQuantity').filter(
        (quantity) => quantity.attributes.unitCode !== undefined,
      ),
    (quantity) => UNIT_CODES.has(quantity.attributes.unitCode?.trim() ?? ''),
  ),
  elementRule(
    'BR-CL-25',
    'Endpoint identifier scheme identifier MUST belong to the CEF EAS code list',
    ({ root }) => descendantsNamed(root, 'EndpointID').filter((endpoint) => endpoint.attributes.schemeID !== undefined),
    (endpoint) => EAS_CODES.has(endpoint.attributes.schemeID?.trim() ?? ''),
  ),
];
