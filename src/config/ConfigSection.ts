import type { z } from 'zod';

/** One documented variable: its default and what it means, also the source of .env.example. */
export interface VariableDoc { readonly name: string; readonly default: string; readonly meaning: string }

/** Reads one variable through its schema; an invalid value is collected into the ConfigError naming it. */
export type ReadVariable = <T>(name: string, schema: z.ZodType<T>) => T;

/**
 * A group of variables owned by one concern (e.g. JWT verification): its documentation and how to
 * read it. index.ts composes the sections, so a concern adds its settings without editing the rest.
 */
export interface ConfigSection<T> {
  readonly variables: readonly VariableDoc[];
  read(read: ReadVariable): T;
}
