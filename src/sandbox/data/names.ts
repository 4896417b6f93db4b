/** Word lists the seed draws from. Plain data, kept apart so generators stay readable. */

export const FIRST_NAMES = [
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Leo', 'Sofia', 'Hugo',
  'Chloe', 'Louis', 'Clara', 'Jules', 'Lena', 'Felix', 'Ines', 'Oscar', 'Nora', 'Arthur',
  'Alice', 'Paul', 'Julia', 'Max', 'Laura', 'Theo', 'Anna', 'Elias', 'Eva', 'Adam',
  'Hannah', 'Jonas', 'Marie', 'David', 'Sarah', 'Samuel', 'Lea', 'Daniel', 'Zoe', 'Victor',
  'Grace', 'Henry', 'Isla', 'Jack', 'Ruby', 'Oliver', 'Amelia', 'George', 'Freya', 'Harry',
] as const;

export const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Roux',
  'Muller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Koch',
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Garcia', 'Fernandez', 'Lopez', 'Martinez', 'Sanchez',
  'de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens',
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark',
] as const;

export type CountryCode = 'FR' | 'DE' | 'NL' | 'BE' | 'ES' | 'IT' | 'US' | 'GB';

export interface CountryInfo {
  code: CountryCode;
  name: string;
  phonePrefix: string;
  cities: readonly { city: string; state: string; zip: string }[];
}

export const COUNTRIES: Readonly<Record<CountryCode, CountryInfo>> = {
  FR: { code: 'FR', name: 'France', phonePrefix: '+33', cities: [
    { city: 'Paris', state: 'IDF', zip: '75011' }, { city: 'Lyon', state: 'ARA', zip: '69003' },
    { city: 'Nantes', state: 'PDL', zip: '44000' }, { city: 'Lille', state: 'HDF', zip: '59000' }] },
  DE: { code: 'DE', name: 'Germany', phonePrefix: '+49', cities: [
    { city: 'Berlin', state: 'BE', zip: '10115' }, { city: 'Hamburg', state: 'HH', zip: '20095' },
    { city: 'Munich', state: 'BY', zip: '80331' }, { city: 'Cologne', state: 'NW', zip: '50667' }] },
  NL: { code: 'NL', name: 'Netherlands', phonePrefix: '+31', cities: [
    { city: 'Amsterdam', state: 'NH', zip: '1012 AB' }, { city: 'Utrecht', state: 'UT', zip: '3511 AA' }] },
  BE: { code: 'BE', name: 'Belgium', phonePrefix: '+32', cities: [
    { city: 'Brussels', state: 'BRU', zip: '1000' }, { city: 'Ghent', state: 'VOV', zip: '9000' }] },
  ES: { code: 'ES', name: 'Spain', phonePrefix: '+34', cities: [
    { city: 'Madrid', state: 'MD', zip: '28001' }, { city: 'Barcelona', state: 'CT', zip: '08001' }] },
  IT: { code: 'IT', name: 'Italy', phonePrefix: '+39', cities: [
    { city: 'Milan', state: 'MI', zip: '20121' }, { city: 'Rome', state: 'RM', zip: '00184' }] },
  US: { code: 'US', name: 'United States', phonePrefix: '+1', cities: [
    { city: 'New York', state: 'NY', zip: '10001' }, { city: 'Austin', state: 'TX', zip: '78701' },
    { city: 'Seattle', state: 'WA', zip: '98101' }, { city: 'Chicago', state: 'IL', zip: '60601' }] },
  GB: { code: 'GB', name: 'United Kingdom', phonePrefix: '+44', cities: [
    { city: 'London', state: 'LND', zip: 'EC1A 1BB' }, { city: 'Manchester', state: 'MAN', zip: 'M1 1AE' },
    { city: 'Leeds', state: 'LDS', zip: 'LS1 4AP' }] },
};

export const EUR_COUNTRIES: readonly CountryCode[] = ['FR', 'DE', 'NL', 'BE', 'ES', 'IT'];

export const STREET_NAMES = [
  'Main Street', 'Station Road', 'Market Square', 'Harbour Lane', 'Mill Road',
  'Church Street', 'Park Avenue', 'King Street', 'Bridge Road', 'Garden Way',
] as const;

export const COMPANY_WORDS = [
  'Alder', 'Beacon', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Ivory', 'Juniper',
  'Kestrel', 'Lumen', 'Meridian', 'Nimbus', 'Orchid', 'Pioneer', 'Quartz', 'Ridge', 'Summit', 'Tidal',
] as const;

export const COMPANY_KINDS = [
  'Logistics', 'Retail', 'Systems', 'Foods', 'Labs', 'Studio', 'Works', 'Trading', 'Health', 'Energy',
] as const;

/** A few of HubSpot's built-in industry option values. */
export const INDUSTRIES = [
  'COMPUTER_SOFTWARE', 'RETAIL', 'LOGISTICS_AND_SUPPLY_CHAIN', 'FOOD_PRODUCTION', 'HOSPITAL_HEALTH_CARE',
  'RENEWABLES_ENVIRONMENT', 'CONSUMER_GOODS', 'MARKETING_AND_ADVERTISING', 'WHOLESALE', 'DESIGN',
] as const;

export const PRODUCT_ADJECTIVES = [
  'Compact', 'Ergonomic', 'Wireless', 'Heavy-Duty', 'Portable', 'Premium', 'Recycled', 'Smart', 'Modular', 'Classic',
] as const;

export const PRODUCT_NOUNS = [
  'Desk Lamp', 'Office Chair', 'Keyboard', 'Monitor Stand', 'Notebook', 'Backpack', 'Water Bottle', 'Headset',
  'Storage Box', 'Whiteboard',
] as const;
