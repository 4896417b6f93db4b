export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a version of the form MAJOR.MINOR.PATCH`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/**
 * Whether `next` is a bump that may break clients after `previous`: a new major version, or while
 * the major version is 0 a new minor one (semver: anything may change in 0.x, by convention in minors).
 */
export function isBreakingBump(previous: Version, next: Version): boolean {
  if (next.major !== previous.major) return next.major > previous.major;
  return previous.major === 0 && next.minor > previous.minor;
}
