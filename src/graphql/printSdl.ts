import { makeExecutableSchema } from '@graphql-tools/schema';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { readTypeDefs } from './buildSchema.js';

/**
 * The SDL integrators get (GET /schema.graphql, published/schema.graphql): schema/ printed in one
 * normalised file with the directives kept (@auth, @cost, @listSize), which plain printSchema drops.
 */
export function printSdl(typeDefs: readonly string[] = readTypeDefs()): string {
  return `${printSchemaWithDirectives(makeExecutableSchema({ typeDefs: [...typeDefs] }))}\n`;
}
