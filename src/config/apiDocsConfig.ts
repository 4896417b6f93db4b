import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';

export interface ApiDocsConfig {
  /** Who may download the SDL at /schema.graphql; `auto`: ADMIN keys in production, anyone elsewhere, as introspection. */
  readonly schemaDownload: 'public' | 'admin' | 'auto';
}

export const apiDocsConfigSection: ConfigSection<ApiDocsConfig> = {
  variables: [
    {
      name: 'SCHEMA_DOWNLOAD',
      default: 'auto',
      meaning: 'Who may GET /schema.graphql: public | admin | auto (admin keys only in production, like introspection; anyone otherwise)',
    },
  ],
  read: (read) => ({ schemaDownload: read('SCHEMA_DOWNLOAD', z.enum(['public', 'admin', 'auto'])) }),
};
