import { describe, expect, it } from 'vitest';
import { readTypeDefs } from '../../src/graphql/buildSchema.js';
import { printSdl } from '../../src/graphql/printSdl.js';
import { changelogSection } from '../../scripts/schemaPublishing/changelogSection.js';
import { checkSchemaCompatibility } from '../../scripts/schemaPublishing/checkSchemaCompatibility.js';
import { findDeprecationViolations } from '../../scripts/schemaPublishing/findDeprecationViolations.js';
import { formatPublishedSdl, parsePublishedSdl } from '../../scripts/schemaPublishing/publishedSdl.js';
import { isBreakingBump, parseVersion } from '../../scripts/schemaPublishing/semver.js';

const PUBLISHED = `
type Query { customer(id: ID!): Customer }
type Customer { id: ID! name: String! email: String }
`;

const changelog = (version: string, body: string) => `# Changelog

## [Unreleased]

## [${version}] - 2027-07-01

${body}

## [0.1.0] - 2026-11-26

### Added
- Everything.
`;

const check = (currentSdl: string, version: string, log = changelog('0.1.0', '')) =>
  checkSchemaCompatibility({ published: { sdl: PUBLISHED, version: '0.1.0' }, currentSdl, version, changelog: log });

describe('the schema-compatibility check', () => {
  it('passes an additive change without a version bump', async () => {
    const report = await check(PUBLISHED.replace('email: String', 'email: String phone: String'), '0.1.0');
    expect(report.ok).toBe(true);
    expect(report.changes).toEqual([{ level: 'NON_BREAKING', message: "Field 'phone' was added to object type 'Customer'", path: 'Customer.phone' }]);
  });

  it('fails a removed field that no version bump and changelog entry record', async () => {
    const report = await check(PUBLISHED.replace('email: String', ''), '0.1.0');
    expect(report.ok).toBe(false);
    expect(report.changes.map((change) => [change.level, change.path])).toEqual([['BREAKING', 'Customer.email']]);
    expect(report.problems.join('\n')).toMatch(/not a breaking bump/);
  });

  it('fails a breaking bump whose changelog section does not name the change', async () => {
    const report = await check(PUBLISHED.replace('email: String', ''), '0.2.0', changelog('0.2.0', '### Changed\n- Better things.'));
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringContaining('not recorded under "## [0.2.0]"')]);
    const missing = await check(PUBLISHED.replace('email: String', ''), '0.2.0');
    expect(missing.problems).toEqual([expect.stringContaining('no "## [0.2.0]" section')]);
  });

  it('fails a type change recorded in the changelog under a patch release', async () => {
    const report = await check(PUBLISHED.replace('name: String!', 'name: Int!'), '0.1.1', changelog('0.1.1', '### Changed\n- `Customer.name` is a number.'));
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringContaining('not a breaking bump')]);
  });

  it('passes a breaking change recorded under a breaking version bump', async () => {
    const body = '### Removed\n- `Customer.email`: deprecated since 0.1.0, use `crm { email }`.';
    const report = await check(PUBLISHED.replace('email: String', ''), '0.2.0', changelog('0.2.0', body));
    expect(report).toMatchObject({ ok: true, problems: [] });
  });

  it('holds the current SDL to the deprecation policy', async () => {
    const report = await check(PUBLISHED.replace('email: String', 'email: String @deprecated(reason: "Use crm { email }.")'), '0.1.0');
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/Customer\.email: its reason has no valid "Deprecated/);
  });
});

describe('the deprecation policy', () => {
  it('asks every deprecation for its dates, at least six months apart, wherever it is', () => {
    const sdl = `
      type Query {
        a: Int @deprecated(reason: "Use b. Deprecated: 2026-11-26. Removal: 2027-05-26.")
        b(limit: Int @deprecated(reason: "Use first. Deprecated: 2026-11-26. Removal: 2027-05-25.")): Int
        c: Int @deprecated
        d: Int @deprecated(reason: "Gone soon. Removal: 2027-01-01.")
      }
      input Filter { old: String @deprecated(reason: "Deprecated: 2026-02-30. Removal: 2027-01-01.") }
      enum Color { RED GREEN @deprecated(reason: "Deprecated: 2026-01-01. Removal: 2026-06-30.") }
    `;
    expect(findDeprecationViolations(sdl).map((violation) => violation.coordinate)).toEqual([
      'Query.b(limit:)',
      'Query.c',
      'Query.d',
      'Filter.old',
      'Color.GREEN',
    ]);
    expect(findDeprecationViolations(sdl).find((violation) => violation.coordinate === 'Query.b(limit:)')?.problem).toMatch(/less than 6 months/);
  });

  it('holds for every deprecation in schema/', () => {
    expect(findDeprecationViolations(readTypeDefs().join('\n'))).toEqual([]);
  });
});

describe('versions, changelog sections and the published file', () => {
  it('knows a breaking bump: a major one, or a minor one while in 0.x', () => {
    const bump = (from: string, to: string) => isBreakingBump(parseVersion(from), parseVersion(to));
    expect(bump('0.1.0', '0.2.0')).toBe(true);
    expect(bump('0.1.0', '0.1.5')).toBe(false);
    expect(bump('1.4.2', '2.0.0')).toBe(true);
    expect(bump('1.4.2', '1.5.0')).toBe(false);
    expect(bump('2.0.0', '1.9.0')).toBe(false);
    expect(() => parseVersion('1.2')).toThrow(/MAJOR.MINOR.PATCH/);
  });

  it('reads one version’s section of a Keep a Changelog file', () => {
    const section = changelogSection(changelog('0.2.0', '### Removed\n- `Customer.email`'), '0.2.0');
    expect(section).toEqual({ date: '2027-07-01', text: '\n### Removed\n- `Customer.email`\n' });
    expect(changelogSection(changelog('0.2.0', ''), '0.3.0')).toBeNull();
  });

  it('round-trips the published file’s version header', () => {
    const sdl = printSdl();
    expect(parsePublishedSdl(formatPublishedSdl(sdl, '1.2.3'))).toEqual({ version: '1.2.3', sdl });
    expect(() => parsePublishedSdl(sdl)).toThrow(/header line/);
  });
});
