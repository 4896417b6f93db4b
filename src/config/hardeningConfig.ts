import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';

export interface HardeningConfig {
  /** Browser origins allowed to call the API cross-origin; empty = none. */
  readonly corsOrigins: readonly string[];
}

const origin = z.string().refine((value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, 'each entry is an origin: scheme://host[:port], no path or trailing slash');

const originList = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
  .pipe(z.array(origin));

/** HTTP hardening settings; body size stays BODY_LIMIT_BYTES in the http section. */
export const hardeningConfigSection: ConfigSection<HardeningConfig> = {
  variables: [
    {
      name: 'CORS_ORIGINS',
      default: '',
      meaning: 'Comma-separated browser origins allowed cross-origin (e.g. https://shop.example.com); empty = none',
    },
  ],
  read(read) {
    return { corsOrigins: read('CORS_ORIGINS', originList) };
  },
};
