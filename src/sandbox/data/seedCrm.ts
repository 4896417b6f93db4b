import type { Prng } from '../prng.js';
import type { Customer } from './seedCustomers.js';
import type { CrmData, CrmObject } from './SandboxData.js';
import { COMPANY_KINDS, COMPANY_WORDS, COUNTRIES, EUR_COUNTRIES, FIRST_NAMES, INDUSTRIES, LAST_NAMES } from './names.js';
import type { CountryCode } from './names.js';
import { DAY_MS, SEED_EPOCH_MS, isoMillis } from './time.js';

export const COMPANY_COUNT = 100;
export const OWNER_COUNT = 5;
/** Contact ids start here; partners are mapped to them through a shuffle, so only the email links them. */
export const FIRST_CONTACT_ID = 101;

const LIFECYCLE_STAGES = {
  subscriber: 4, lead: 6, marketingqualifiedlead: 5, salesqualifiedlead: 5, opportunity: 10,
  customer: 60, evangelist: 7, other: 3,
} as const;

function crmObject(id: string, createdMs: number, updatedMs: number, properties: Record<string, string | null>): CrmObject {
  const createdAt = isoMillis(createdMs);
  const updatedAt = isoMillis(updatedMs);
  return {
    id,
    properties: { ...properties, hs_object_id: id, createdate: createdAt, lastmodifieddate: updatedAt },
    createdAt,
    updatedAt,
    archived: false,
  };
}

export function seedCrm(crm: CrmData, customers: readonly Customer[], prng: Prng): void {
  const createdBase = SEED_EPOCH_MS - 3 * 365 * DAY_MS;
  for (let index = 0; index < OWNER_COUNT; index++) {
    const firstName = FIRST_NAMES[(index * 7) % FIRST_NAMES.length] as string;
    const lastName = LAST_NAMES[(index * 11) % LAST_NAMES.length] as string;
    const created = isoMillis(createdBase + index * DAY_MS);
    crm.owners.put({
      id: String(index + 1),
      email: `${firstName.toLowerCase()}.${lastName.toLowerCase().replace(/\s+/g, '')}@switchyard.example`,
      firstName, lastName, userId: 9000 + index + 1, createdAt: created, updatedAt: created, archived: false,
    });
  }

  const companyIds: string[] = [];
  const names = prng.shuffle(COMPANY_WORDS.flatMap((word) => COMPANY_KINDS.map((kind) => `${word} ${kind}`)));
  for (let index = 0; index < COMPANY_COUNT; index++) {
    const id = String(index + 1);
    const name = names[index] as string;
    const country: CountryCode = prng.weighted({ EU: 70, US: 20, GB: 10 }) === 'EU' ? prng.pick(EUR_COUNTRIES) : prng.pick(['US', 'GB'] as const);
    const createdMs = createdBase + prng.int(0, 365) * DAY_MS + prng.int(0, DAY_MS - 1);
    crm.companies.put(crmObject(id, createdMs, createdMs + prng.int(1, 700) * DAY_MS, {
      name,
      domain: `${name.toLowerCase().replace(/\s+/g, '-')}.example.com`,
      industry: prng.pick(INDUSTRIES),
      city: prng.pick(COUNTRIES[country].cities).city,
      country: COUNTRIES[country].name,
    }));
    companyIds.push(id);
  }

  const contactIds = prng.shuffle(customers.map((_, index) => FIRST_CONTACT_ID + index));
  customers.forEach((customer, index) => {
    const id = String(contactIds[index]);
    const companyId = prng.pick(companyIds);
    const company = crm.companies.get(companyId);
    const createdMs = customer.createdMs + prng.int(60, 48 * 3600) * 1000 + prng.int(0, 999);
    const updatedMs = Math.min(SEED_EPOCH_MS - 1000, createdMs + prng.int(1, 600) * DAY_MS + prng.int(0, DAY_MS - 1));
    crm.contacts.put(crmObject(id, createdMs, updatedMs, {
      email: customer.email,
      firstname: customer.firstName,
      lastname: customer.lastName,
      phone: customer.phone,
      company: company?.properties.name ?? null,
      lifecyclestage: prng.weighted(LIFECYCLE_STAGES),
      hubspot_owner_id: String(prng.int(1, OWNER_COUNT)),
    }));
    crm.associations.put({ key: `${id}:${companyId}`, contactId: id, companyId, primary: true });
  });
}
