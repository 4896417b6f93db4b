import { z } from 'zod';

/** One attribute of a domain record, read from one upstream field and parsed into its domain value. */
export interface Attribute<T> {
  readonly field: string;
  readonly schema: z.ZodType<T>;
}

export type Attributes<R> = { readonly [K in keyof R]-?: Attribute<R[K]> };

/** The attributes of a record a caller needs; every attribute when absent. */
export type Wanted = Iterable<string> | undefined;

export const attribute = <T>(field: string, schema: z.ZodType<T>): Attribute<T> => ({ field, schema });

/**
 * The part of a record one selection needs: the upstream fields to ask for and the parser of what
 * comes back. A record parsed by it carries only the selected attributes; reading another one is a
 * selection bug, caught by the selection tests rather than by types.
 */
export interface Projection<R> {
  readonly attributes: ReadonlySet<string>;
  /** Upstream field names, in declaration order. */
  readonly fields: readonly string[];
  readonly record: z.ZodType<R>;
  readonly records: z.ZodType<R[]>;
}

export interface RecordShape<R> {
  readonly attributeNames: readonly (keyof R & string)[];
  /** Every attribute (but those only read when asked) when `wanted` is absent; names that are not attributes are ignored. */
  project(wanted?: Iterable<string>): Projection<R>;
}

/** Wraps the selected fields' schemas in the upstream's record envelope and returns their values by field. */
export type Envelope = (fields: z.ZodRawShape) => z.ZodType<Record<string, unknown>>;

const flat: Envelope = (fields) => z.object(fields);

/**
 * A domain record as an upstream stores it, attribute by attribute, so a request can ask for the
 * fields a query reaches and nothing else. Projections are built once per distinct selection:
 * zod compiles an object parser on its first use, which must not happen per call.
 */
export function recordShape<R>(
  attributes: Attributes<R>,
  options: {
    readonly always: readonly (keyof R & string)[];
    /** Read only when asked for, never as part of "every attribute": fields of an optional module of the upstream. */
    readonly onlyWhenAsked?: readonly (keyof R & string)[];
    readonly envelope?: Envelope;
  },
): RecordShape<R> {
  const names = Object.keys(attributes) as (keyof R & string)[];
  const envelope = options.envelope ?? flat;
  const projections = new Map<string, Projection<R>>();

  function build(selected: readonly (keyof R & string)[]): Projection<R> {
    const shape: Record<string, z.ZodType> = {};
    for (const name of selected) shape[attributes[name].field] = attributes[name].schema;
    const record = envelope(shape).transform((values) => {
      const out: Record<string, unknown> = {};
      for (const name of selected) out[name] = values[attributes[name].field];
      return out as R;
    });
    return {
      attributes: new Set(selected),
      fields: [...new Set(selected.map((name) => attributes[name].field))],
      record,
      records: z.array(record),
    };
  }

  return {
    attributeNames: names,
    project(wanted) {
      const asked = wanted === undefined ? undefined : new Set(wanted);
      const selected = names.filter(
        (name) => (asked === undefined ? !options.onlyWhenAsked?.includes(name) : asked.has(name)) || options.always.includes(name),
      );
      const key = selected.join(',');
      let projection = projections.get(key);
      if (!projection) {
        projection = build(selected);
        projections.set(key, projection);
      }
      return projection;
    },
  };
}
