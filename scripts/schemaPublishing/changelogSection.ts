/**
 * The text of `## [version]` in a Keep a Changelog file, up to the next `## ` heading, with the
 * release date when the heading has one (`## [1.2.0] - 2027-01-31`); null when there is no such section.
 */
export function changelogSection(changelog: string, version: string): { date: string | null; text: string } | null {
  const lines = changelog.split('\n');
  const escaped = version.replace(/\./g, '\\.');
  const start = lines.findIndex((line) => new RegExp(`^## \\[${escaped}\\]`).test(line));
  if (start === -1) return null;
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  const date = /\b(\d{4}-\d{2}-\d{2})\b/.exec(lines[start]!)?.[1] ?? null;
  return { date, text: lines.slice(start + 1, end === -1 ? undefined : end).join('\n') };
}
