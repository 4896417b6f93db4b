import { readFileSync } from 'node:fs';

/** The package version, read once; shown in GraphQL, /status and logs. */
export const GATEWAY_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
