import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';
import { readableFile } from './readableFile.js';

export interface TrustedDocumentsConfig {
  /** SHA-256 (hex) of a document's exact text → the text; empty without a manifest. */
  readonly documents: Readonly<Record<string, string>>;
  /** Principals restricted to those documents by id (e.g. JWT users), besides flagged API keys and certificates. */
  readonly principalIds: readonly string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const manifest = readableFile.optional().transform((path, context) => {
  if (path === undefined) return {};
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    context.addIssue({ code: 'custom', message: `${path} is not JSON: ${(error as Error).message}` });
    return z.NEVER;
  }
  if (!entries || typeof entries !== 'object' || Array.isArray(entries)) {
    context.addIssue({ code: 'custom', message: `${path} must hold one JSON object { "<sha256>": "<document>" }` });
    return z.NEVER;
  }
  const documents: Record<string, string> = {};
  for (const [hash, document] of Object.entries(entries)) {
    if (typeof document !== 'string') {
      context.addIssue({ code: 'custom', message: `${hash}: the document must be a string` });
      continue;
    }
    // A wrong hash would make a registered operation unreachable, or register one nobody reviewed.
    if (hash !== sha256(document)) {
      context.addIssue({ code: 'custom', message: `${hash}: not the SHA-256 (lower-case hex) of its document, which is ${sha256(document)}` });
      continue;
    }
    try {
      parse(document);
    } catch (error) {
      context.addIssue({ code: 'custom', message: `${hash}: not a GraphQL document: ${(error as Error).message}` });
      continue;
    }
    documents[hash] = document;
  }
  return documents;
});

const idList = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''));

/** The registered operations that restricted clients may run, sent by hash as APQ does. */
export const trustedDocumentsConfigSection: ConfigSection<TrustedDocumentsConfig> = {
  variables: [
    {
      name: 'TRUSTED_DOCUMENTS_FILE',
      default: '',
      meaning: 'JSON manifest { "<sha256 of the document>": "<document>" } of the operations restricted clients may send by hash; checked at start',
    },
    {
      name: 'TRUSTED_DOCUMENTS_PRINCIPALS',
      default: '',
      meaning: 'Comma-separated principal ids (e.g. JWT users) restricted to the manifest; API keys and certificates have their own flag',
    },
  ],
  read(read) {
    return {
      documents: read('TRUSTED_DOCUMENTS_FILE', manifest),
      principalIds: read('TRUSTED_DOCUMENTS_PRINCIPALS', idList),
    };
  },
};
