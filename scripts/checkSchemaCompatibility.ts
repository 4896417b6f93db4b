// npm run schema:check: fails (exit 1) on a breaking GraphQL change that CHANGELOG.md and a version bump do not record.
import { readFile } from 'node:fs/promises';
import { printSdl } from '../src/graphql/printSdl.js';
import { checkSchemaCompatibility } from './schemaPublishing/checkSchemaCompatibility.js';
import { parsePublishedSdl, PUBLISHED_SDL_PATH } from './schemaPublishing/publishedSdl.js';

const root = new URL('..', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');

const published = parsePublishedSdl(await read(PUBLISHED_SDL_PATH));
const { version } = JSON.parse(await read('package.json')) as { version: string };
const report = await checkSchemaCompatibility({ published, currentSdl: printSdl(), version, changelog: await read('CHANGELOG.md') });

console.log(`schema/ against ${PUBLISHED_SDL_PATH} (published with ${published.version}; package.json ${version}):`);
if (report.changes.length === 0) console.log('  no changes');
for (const change of report.changes) console.log(`  ${change.level.padEnd(12)} ${change.message}`);
if (!report.ok) {
  console.error('\nSchema check failed:');
  for (const problem of report.problems) console.error(`  - ${problem}`);
  console.error('\nRecord a breaking change under the new version in CHANGELOG.md and bump package.json, or make the change additive.');
  process.exit(1);
}
console.log('Schema check passed.');
