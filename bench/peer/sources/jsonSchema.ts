import type { JSONSchemaHTTPJSONOperationConfig } from '@omnigraph/json-schema';

/** A JSON Schema object, as Mesh's JSON Schema handler takes them for requests and responses. */
export type Schema = Exclude<JSONSchemaHTTPJSONOperationConfig['requestSchema'], string | boolean | undefined>;

export const text: Schema = { type: 'string' };
export const integer: Schema = { type: 'integer' };
export const number: Schema = { type: 'number' };
export const boolean: Schema = { type: 'boolean' };
/** Any JSON value (the handler makes it a `JSON` scalar): Odoo's `[id, name]` many2one pairs and its `false` for empty. */
export const anyJson: Schema = {};

/** The title names the GraphQL type, so every object gets one, unique across the four sources. */
export function object(title: string, properties: Record<string, Schema>, required: string[] = []): Schema {
  return { type: 'object', title, properties, ...(required.length > 0 ? { required } : {}) };
}

export function list(items: Schema): Schema {
  return { type: 'array', items };
}

/** The `{env.NAME}` placeholder Mesh fills from the gateway's environment when it calls the source. */
export const fromEnv = (name: string): string => `{env.${name}}`;
