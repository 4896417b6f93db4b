import type { Prng } from '../prng.js';
import { belgianCheckDigits, dutchRsinCheckDigit } from './businessIdentifiers.js';
import type { ErpTables, OdooRecord } from './erpModels.js';
import type { EInvoicingData } from './SandboxData.js';
import { COMPANY_ENTERPRISE_NUMBER, COMPANY_NAME } from './setupIds.js';
import type { Customer } from './seedCustomers.js';

/** Share of Belgian and Dutch customers with a Peppol address in the ERP. */
const PEPPOL_SHARE = 0.85;
/** Customers with a Peppol address the network does not know: their documents cannot be delivered. */
const UNREGISTERED_COUNT = 4;
/** Registered customers whose access point rejects what it receives. */
const REJECTING_COUNT = 2;
/** Belgian customers whose Peppol endpoint in the ERP has a typo in its check digits. */
const MISTYPED_COUNT = 2;

interface Identity {
  vat: string;
  registry: string;
  peppol: { eas: string; endpoint: string } | null;
}

/** A Belgian sole trader: the enterprise number is the digits of the VAT id and the 0208 endpoint. */
function belgianIdentity(prng: Prng): Identity {
  const firstEight = `0${prng.chars(7, '0123456789')}`;
  const number = `${firstEight}${belgianCheckDigits(firstEight)}`;
  return { vat: `BE${number}`, registry: number, peppol: prng.chance(PEPPOL_SHARE) ? { eas: '0208', endpoint: number } : null };
}

/** A Dutch business: a KvK number and a VAT id (an RSIN passing the elfproef, then B01); reachable by either on Peppol. */
function dutchIdentity(prng: Prng): Identity {
  const kvk = `${prng.int(1, 9)}${prng.chars(7, '0123456789')}`;
  let rsin: string | undefined;
  while (rsin === undefined) {
    const firstEight = prng.chars(8, '0123456789');
    const check = dutchRsinCheckDigit(firstEight);
    if (check !== undefined) rsin = `${firstEight}${check}`;
  }
  const vat = `NL${rsin}B01`;
  if (!prng.chance(PEPPOL_SHARE)) return { vat, registry: kvk, peppol: null };
  return { vat, registry: kvk, peppol: prng.chance(0.6) ? { eas: '0106', endpoint: kvk } : { eas: '9944', endpoint: vat } };
}

/** The check digits one more than they should be, as a slip of the keyboard would leave them. */
function mistypedCheckDigits(enterpriseNumber: string): string {
  const check = Number(enterpriseNumber.slice(8));
  return `${enterpriseNumber.slice(0, 8)}${String((check % 97) + 1).padStart(2, '0')}`;
}

/**
 * E-invoicing identities of the Belgian and Dutch customers (VAT ids with valid check digits, registry
 * numbers and, for most, a Peppol address in the ERP), and the Peppol directory the access point looks
 * receivers up in: most of those addresses are registered, a few are not, two reject what they receive,
 * and two Belgian customers have a mistyped endpoint in the ERP (their correct one is registered, so
 * correcting the ERP is enough). Customers elsewhere have no Peppol address.
 */
export function seedPeppolIdentities(erp: ErpTables, directory: EInvoicingData['participants'], customers: readonly Customer[], prng: Prng): void {
  const onPeppol: { customer: Customer; partner: OdooRecord; peppolId: string }[] = [];
  for (const customer of customers) {
    if (customer.country !== 'BE' && customer.country !== 'NL') continue;
    const identity = customer.country === 'BE' ? belgianIdentity(prng) : dutchIdentity(prng);
    const partner = erp['res.partner'].put({
      ...(erp['res.partner'].get(customer.partnerId) as OdooRecord),
      vat: identity.vat, company_registry: identity.registry,
      peppol_eas: identity.peppol?.eas ?? false, peppol_endpoint: identity.peppol?.endpoint ?? false,
    });
    if (identity.peppol) onPeppol.push({ customer, partner, peppolId: `${identity.peppol.eas}:${identity.peppol.endpoint}` });
  }

  const partnerIdsOf = (entries: readonly { customer: Customer }[]) => new Set(entries.map(({ customer }) => customer.partnerId));
  const mistyped = partnerIdsOf(prng.sample(onPeppol.filter(({ customer }) => customer.country === 'BE'), MISTYPED_COUNT));
  for (const { partner } of onPeppol) {
    if (mistyped.has(partner.id)) erp['res.partner'].put({ ...partner, peppol_endpoint: mistypedCheckDigits(String(partner.peppol_endpoint)) });
  }
  const correct = onPeppol.filter(({ customer }) => !mistyped.has(customer.partnerId));
  const unregistered = partnerIdsOf(prng.sample(correct, UNREGISTERED_COUNT));
  const rejecting = partnerIdsOf(prng.sample(correct.filter(({ customer }) => !unregistered.has(customer.partnerId)), REJECTING_COUNT));
  const registered = onPeppol.filter(({ customer }) => !unregistered.has(customer.partnerId));
  for (const { customer, peppolId } of registered) {
    directory.put({ peppolId, name: customer.name, countryCode: customer.country, rejects: rejecting.has(customer.partnerId) });
  }
  directory.put({ peppolId: `0208:${COMPANY_ENTERPRISE_NUMBER}`, name: COMPANY_NAME, countryCode: 'BE', rejects: false });
}
