/** The first line of published/schema.graphql names the version it was published with. */
const HEADER = /^# Switchyard GraphQL schema, published with version (\d+\.\d+\.\d+)\b.*\n/;

export const PUBLISHED_SDL_PATH = 'published/schema.graphql';

export function formatPublishedSdl(sdl: string, version: string): string {
  return `# Switchyard GraphQL schema, published with version ${version}. Do not edit: npm run schema:publish writes it.\n${sdl}`;
}

export function parsePublishedSdl(text: string): { version: string; sdl: string } {
  const header = HEADER.exec(text);
  if (!header) throw new Error(`${PUBLISHED_SDL_PATH} must start with its header line (npm run schema:publish writes it)`);
  return { version: header[1]!, sdl: text.slice(header[0].length) };
}
