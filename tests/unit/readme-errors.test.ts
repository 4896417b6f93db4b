import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/errors/errorCatalogue.js';

/** The README's error table and the catalogue say the same thing, so neither can drift from the other. */

interface DocumentedError {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly hint: string;
}

function documentedErrors(): DocumentedError[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = /^## Errors\n([\s\S]*?)^## /m.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## Errors" section');
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.map((row) => {
    const cells = row.split('|').slice(1, -1).map((cell) => cell.trim());
    const [code, status, retryable, , hint] = cells;
    if (cells.length !== 5 || !/^`[A-Z_]+`$/.test(code!) || !/^\d{3}$/.test(status!) || !/^(yes|no)$/.test(retryable!)) {
      throw new Error(`README error row is not "| \`CODE\` | status | yes/no | meaning | what to do |": ${row}`);
    }
    return { code: code!.slice(1, -1), status: Number(status), retryable: retryable === 'yes', hint: hint! };
  });
}

describe('README error table', () => {
  const documented = documentedErrors();

  it('documents each code once', () => {
    const codes = documented.map(({ code }) => code);
    expect(codes.filter((code, index) => codes.indexOf(code) !== index)).toEqual([]);
  });

  it('documents no code the catalogue lacks', () => {
    expect(documented.map(({ code }) => code).filter((code) => !Object.hasOwn(ERROR_CATALOGUE, code))).toEqual([]);
  });

  it('documents every catalogue code with its status, retryable and hint', () => {
    const byCode = new Map(documented.map((entry) => [entry.code, entry]));
    for (const { code, status, retryable, hint } of Object.values(ERROR_CATALOGUE)) {
      expect(byCode.get(code), code).toEqual({ code, status, retryable, hint });
    }
  });
});
