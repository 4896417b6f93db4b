import { COUNTRY_CODES } from './codes.js';
import { documentRule, elementRule, type Rule } from './Rule.js';
import { descendantsNamed, first, hasVatScheme, select, textAt, type UblElement } from './UblElement.js';

const SELLER = ['AccountingSupplierParty', 'Party'] as const;
const BUYER = ['AccountingCustomerParty', 'Party'] as const;

/** Who sells and who buys: names, addresses, identifiers and electronic addresses. */
export const partyRules: readonly Rule[] = [
  documentRule(
    'BR-06',
    'An Invoice shall contain the Seller name (BT-27).',
    ({ root }) => textAt(root, ...SELLER, 'PartyLegalEntity', 'RegistrationName') !== '',
  ),
  documentRule(
    'BR-07',
    'An Invoice shall contain the Buyer name (BT-44).',
    ({ root }) => textAt(root, ...BUYER, 'PartyLegalEntity', 'RegistrationName') !== '',
  ),
  documentRule(
    'BR-08',
    'An Invoice shall contain the Seller postal address.',
    ({ root }) => first(root, ...SELLER, 'PostalAddress') !== undefined,
  ),
  elementRule(
    'BR-09',
    'The Seller postal address (BG-5) shall contain a Seller country code (BT-40).',
    ({ root }) => select(root, ...SELLER, 'PostalAddress'),
    (address) => textAt(address, 'Country', 'IdentificationCode') !== '',
  ),
  documentRule(
    'BR-10',
    'An Invoice shall contain the Buyer postal address (BG-8).',
    ({ root }) => first(root, ...BUYER, 'PostalAddress') !== undefined,
  ),
  elementRule(
    'BR-11',
    'The Buyer postal address shall contain a Buyer country code (BT-55).',
    ({ root }) => select(root, ...BUYER, 'PostalAddress'),
    (address) => textAt(address, 'Country', 'IdentificationCode') !== '',
  ),
  documentRule(
    'BR-S-02',
    'An Invoice with a "Standard rated" Invoice line (BG-25) shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).',
    ({ root }) => {
      const standardRated = descendantsNamed(root, 'ClassifiedTaxCategory').filter(
        (category) => textAt(category, 'ID') === 'S',
      );
      if (standardRated.length === 0) return true;
      const sellerTaxId = select(root, ...SELLER, 'PartyTaxScheme', 'CompanyID').length > 0;
      const representativeVatId = select(root, 'TaxRepresentativeParty', 'PartyTaxScheme').some(
        (scheme) => hasVatScheme(scheme) && first(scheme, 'CompanyID') !== undefined,
      );
      return standardRated.some(hasVatScheme) && (sellerTaxId || representativeVatId);
    },
  ),
  elementRule(
    'BR-CO-09',
    'The Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) shall have an ISO 3166-1 alpha-2 prefix naming the country of issue; Greece may use ‘EL’.',
    ({ root }) => descendantsNamed(root, 'PartyTaxScheme').filter(hasVatScheme),
    (scheme) => {
      const prefix = textAt(scheme, 'CompanyID').slice(0, 2);
      return prefix === '' || prefix === 'EL' || COUNTRY_CODES.has(prefix);
    },
  ),
  elementRule(
    'BR-CO-26',
    'For the buyer to identify the supplier automatically, the Seller identifier (BT-29), the Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present.',
    ({ root }) => select(root, 'AccountingSupplierParty'),
    (supplier) =>
      select(supplier, 'Party', 'PartyTaxScheme').some(
        (scheme) => hasVatScheme(scheme) && first(scheme, 'CompanyID') !== undefined,
      ) ||
      first(supplier, 'Party', 'PartyIdentification', 'ID') !== undefined ||
      first(supplier, 'Party', 'PartyLegalEntity', 'CompanyID') !== undefined,
  ),
  elementRule(
    'BR-62',
    'The Seller electronic address (BT-34) shall have a Scheme identifier.',
    ({ root }) => select(root, ...SELLER, 'EndpointID'),
    (endpoint) => endpoint.attributes.schemeID !== undefined,
  ),
  elementRule(
    'BR-63',
    'The Buyer electronic address (BT-49) shall have a Scheme identifier.',
    ({ root }) => select(root, ...BUYER, 'EndpointID'),
    (endpoint) => endpoint.attributes.schemeID !== undefined,
  ),
  elementRule(
    'PEPPOL-EN16931-R010',
    'Buyer electronic address MUST be provided',
    ({ root }) => select(root, ...BUYER),
    (party) => first(party, 'EndpointID') !== undefined,
  ),
  elementRule(
    'PEPPOL-EN16931-R020',
    'Seller electronic address MUST be provided',
    ({ root }) => select(root, ...SELLER),
    (party) => first(party, 'EndpointID') !== undefined,
  ),
  elementRule(
    'PEPPOL-COMMON-R043',
    'Belgian enterprise number MUST be stated in the correct format.',
    ({ root }) =>
      [
        ...descendantsNamed(root, 'EndpointID', 'CompanyID'),
        ...descendantsNamed(root, 'PartyIdentification').flatMap((identification) => select(identification, 'ID')),
      ].filter((identifier) => identifier.attributes.schemeID === '0208'),
    (identifier) => isBelgianEnterpriseNumber(identifier),
  ),
];

/** Ten digits whose last two are 97 minus the first eight modulo 97 (the schematron's u:mod97-0208). */
function isBelgianEnterpriseNumber({ text }: UblElement): boolean {
  return /^[0-9]{10}$/.test(text) && 97 - (Number(text.slice(0, 8)) % 97) === Number(text.slice(8));
}
