import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { changelogSection } from './changelogSection.js';
import { findDeprecationViolations, type DeprecationViolation } from './findDeprecationViolations.js';
import { isBreakingBump, parseVersion } from './semver.js';

export interface CompatibilityInput {
  /** The last published SDL and the version it was published with. */
  readonly published: { readonly sdl: string; readonly version: string };
  /** The SDL built from schema/ now. */
  readonly currentSdl: string;
  /** package.json's version. */
  readonly version: string;
  readonly changelog: string;
}

export interface SchemaChange {
  readonly level: 'BREAKING' | 'DANGEROUS' | 'NON_BREAKING';
  readonly message: string;
  readonly path: string | null;
}

export interface CompatibilityReport {
  readonly ok: boolean;
  readonly changes: readonly SchemaChange[];
  readonly deprecations: readonly DeprecationViolation[];
  /** Why the check fails, one line each; empty when it passes. */
  readonly problems: readonly string[];
}

const levelOf = (change: Change): SchemaChange['level'] =>
  change.criticality.level === CriticalityLevel.Breaking ? 'BREAKING' : change.criticality.level === CriticalityLevel.Dangerous ? 'DANGEROUS' : 'NON_BREAKING';

/**
 * Compares schema/ with the last published SDL. A breaking change passes only when package.json's
 * version is a breaking bump over the published one (major, or minor in 0.x) and CHANGELOG.md's
 * section for that version names it (its path, e.g. `Customer.email`, or its message). The
 * deprecation policy is checked on the current SDL too.
 */
export async function checkSchemaCompatibility(input: CompatibilityInput): Promise<CompatibilityReport> {
  const changes = (await diff(buildSchema(input.published.sdl), buildSchema(input.currentSdl))).map(
    (change): SchemaChange => ({ level: levelOf(change), message: change.message, path: change.path ?? null }),
  );
  const deprecations = findDeprecationViolations(input.currentSdl);
  const problems = deprecations.map((violation) => `deprecation of ${violation.coordinate}: ${violation.problem}`);

  const breaking = changes.filter((change) => change.level === 'BREAKING');
  if (breaking.length > 0) {
    const previous = parseVersion(input.published.version);
    const next = parseVersion(input.version);
    const section = changelogSection(input.changelog, input.version);
    if (!isBreakingBump(previous, next)) {
      problems.push(
        `${breaking.length} breaking change(s) since ${input.published.version}, but package.json's version ${input.version} is not a breaking bump ` +
          `(${previous.major === 0 ? 'a new minor version while in 0.x' : 'a new major version'})`,
      );
    }
    if (!section) {
      problems.push(`CHANGELOG.md has no "## [${input.version}]" section recording the breaking change(s)`);
    } else {
      for (const change of breaking) {
        const named = (change.path !== null && section.text.includes(change.path)) || section.text.includes(change.message);
        if (!named) problems.push(`breaking change not recorded under "## [${input.version}]" in CHANGELOG.md: ${change.message}${change.path ? ` (name ${change.path})` : ''}`);
      }
    }
  }
  return { ok: problems.length === 0, changes, deprecations, problems };
}
