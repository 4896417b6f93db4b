// npm run schema:publish: writes the SDL of schema/ to published/schema.graphql under package.json's version, on release.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { printSdl } from '../src/graphql/printSdl.js';
import { formatPublishedSdl, PUBLISHED_SDL_PATH } from './schemaPublishing/publishedSdl.js';

const root = new URL('..', import.meta.url);
const { version } = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { version: string };
const target = new URL(PUBLISHED_SDL_PATH, root);
await mkdir(new URL('.', target), { recursive: true });
await writeFile(target, formatPublishedSdl(printSdl(), version));
console.log(`${PUBLISHED_SDL_PATH} now holds the schema of version ${version}.`);
