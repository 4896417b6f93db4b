import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../src/generated/prisma/client.js';
import * as generatedEnums from '../../src/generated/prisma/enums.js';
import { createTestStore, type TestStore } from '../helpers/testDatabase.js';

/**
 * schema.prisma and the checked-in migrations must describe the same tables. The expectations come
 * from schema.prisma itself (read by the small parser below, which is cross-checked against the
 * generated client so that it cannot silently miss a model, field or enum value) and are compared
 * with what PostgreSQL reports after the migrations ran in an empty schema.
 */

interface PrismaField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  attributes: string;
}
interface PrismaModel {
  name: string;
  table: string;
  fields: PrismaField[];
  blockAttributes: string[];
}
interface PrismaSchema {
  models: PrismaModel[];
  enums: Map<string, string[]>;
}

function parsePrismaSchema(text: string): PrismaSchema {
  const models: PrismaModel[] = [];
  const enums = new Map<string, string[]>();
  const lines = (body: string) =>
    body
      .split('\n')
      .map((line) => line.replace(/\/\/.*$/, '').trim())
      .filter(Boolean);
  for (const [, kind, name, body] of text.matchAll(/^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    if (kind === 'enum') {
      enums.set(name!, lines(body!).filter((line) => !line.startsWith('@@')).map((line) => line.split(/\s+/)[0]!));
      continue;
    }
    const fields: PrismaField[] = [];
    const blockAttributes: string[] = [];
    for (const line of lines(body!)) {
      if (line.startsWith('@@')) {
        blockAttributes.push(line);
        continue;
      }
      const match = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!match) throw new Error(`cannot read field line in model ${name}: ${line}`);
      fields.push({ name: match[1]!, type: match[2]!, list: Boolean(match[3]), optional: Boolean(match[4]), attributes: match[5]! });
    }
    const mapped = blockAttributes.map((attribute) => /^@@map\("([^"]+)"\)/.exec(attribute)?.[1]).find(Boolean);
    models.push({ name: name!, table: mapped ?? name!, fields, blockAttributes });
  }
  return { models, enums };
}

const schemaText = await readFile(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');
const parsed = parsePrismaSchema(schemaText);
const modelNames = new Set(parsed.models.map((model) => model.name));
const isRelation = (field: PrismaField) => modelNames.has(field.type);
const columnOf = (field: PrismaField) => /@map\("([^"]+)"\)/.exec(field.attributes)?.[1] ?? field.name;
const listOf = (fieldList: string) => fieldList.split(',').map((name) => name.trim()).filter(Boolean);

/** information_schema's data_type (and precision) for a scalar field, as Prisma's migrations create it. */
function expectedType(field: PrismaField): { dataType: string; precision?: number; udtName?: string } {
  const native = /@db\.(\w+)(?:\((\d+)\))?/.exec(field.attributes);
  if (parsed.enums.has(field.type)) return { dataType: 'USER-DEFINED', udtName: field.type };
  if (native) {
    const precision = native[2] === undefined ? undefined : Number(native[2]);
    switch (native[1]) {
      case 'Uuid':
        return { dataType: 'uuid' };
      case 'Timestamptz':
        return { dataType: 'timestamp with time zone', precision: precision ?? 6 };
      case 'Timestamp':
        return { dataType: 'timestamp without time zone', precision: precision ?? 6 };
      case 'Text':
        return { dataType: 'text' };
      case 'Date':
        return { dataType: 'date' };
      default:
        throw new Error(`@db.${native[1]} is not known to this test yet: add it to expectedType()`);
    }
  }
  const defaults: Record<string, { dataType: string; precision?: number }> = {
    String: { dataType: 'text' },
    Int: { dataType: 'integer' },
    BigInt: { dataType: 'bigint' },
    Boolean: { dataType: 'boolean' },
    Float: { dataType: 'double precision' },
    Json: { dataType: 'jsonb' },
    Bytes: { dataType: 'bytea' },
    DateTime: { dataType: 'timestamp without time zone', precision: 3 },
  };
  const type = defaults[field.type];
  if (!type) throw new Error(`Prisma type ${field.type} is not known to this test yet: add it to expectedType()`);
  return type;
}

interface IndexRow {
  name: string;
  unique: boolean;
  primary: boolean;
  columns: string[];
}

let store: TestStore;

beforeAll(async () => {
  store = await createTestStore('schema');
});

afterAll(async () => {
  await store?.drop();
});

describe('schema.prisma as read by this test', () => {
  it('has the models, scalar fields and enums of the generated client', () => {
    expect(parsed.models.map((model) => model.name).sort()).toEqual(Object.values(Prisma.ModelName).sort());
    for (const model of parsed.models) {
      const generated = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model.name}ScalarFieldEnum`];
      expect(generated, model.name).toBeDefined();
      const scalars = model.fields.filter((field) => !isRelation(field)).map((field) => field.name);
      expect(scalars.sort(), model.name).toEqual(Object.values(generated!).sort());
    }
    const generated = Object.fromEntries(
      Object.entries(generatedEnums).map(([name, values]) => [name, Object.values(values as Record<string, string>)]),
    );
    expect(Object.fromEntries(parsed.enums)).toEqual(generated);
  });
});

describe('the migrations applied to an empty schema', () => {
  it('create exactly one table per model, besides Prisma’s _prisma_migrations', async () => {
    const { rows } = await store.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
      [store.schema],
    );
    expect(rows.map((row) => row.table_name).sort()).toEqual(
      [...parsed.models.map((model) => model.table), '_prisma_migrations'].sort(),
    );
  });

  it('give every field its column, with its type, nullability and default', async () => {
    for (const model of parsed.models) {
      const { rows } = await store.pool.query(
        `SELECT column_name, data_type, udt_name, udt_schema, is_nullable, datetime_precision, column_default
           FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
        [store.schema, model.table],
      );
      const columns = new Map(rows.map((row) => [row.column_name as string, row]));
      const scalars = model.fields.filter((field) => !isRelation(field));
      expect([...columns.keys()].sort(), model.table).toEqual(scalars.map(columnOf).sort());

      for (const field of scalars) {
        const column = columns.get(columnOf(field));
        const where = `${model.name}.${field.name} (${model.table}.${columnOf(field)})`;
        const type = expectedType(field);
        expect(column.data_type, where).toBe(type.dataType);
        if (type.precision !== undefined) expect(column.datetime_precision, where).toBe(type.precision);
        if (type.udtName) expect([column.udt_schema, column.udt_name], where).toEqual([store.schema, type.udtName]);
        expect(column.is_nullable, where).toBe(field.optional ? 'YES' : 'NO');
        const prismaDefault = /@default\((.*?)\)(\s|$)/.exec(field.attributes)?.[1];
        if (prismaDefault === undefined) {
          // @updatedAt and client-side ids are filled in by Prisma Client, not by the database.
          expect(column.column_default, where).toBeNull();
        } else if (prismaDefault === 'now()') {
          expect(column.column_default, where).toBe('CURRENT_TIMESTAMP');
        } else if (parsed.enums.has(field.type)) {
          expect(column.column_default, where).toMatch(new RegExp(`^'${prismaDefault}'::`));
        } else {
          expect(column.column_default, where).not.toBeNull();
        }
      }
    }
  });

  it('create the primary keys, unique constraints and indexes under Prisma’s names', async () => {
    for (const model of parsed.models) {
      const column = (fieldName: string) => columnOf(model.fields.find((field) => field.name === fieldName)!);
      const expected: IndexRow[] = [];
      const ids = model.fields.filter((field) => /@id\b/.test(field.attributes)).map(columnOf);
      const compoundId = model.blockAttributes.map((attribute) => /^@@id\(\[([^\]]*)\]/.exec(attribute)?.[1]).find(Boolean);
      const primaryKey = compoundId === undefined ? ids : listOf(compoundId).map(column);
      expect(primaryKey.length, `${model.name} has one @id field or one @@id`).toBeGreaterThan(0);
      expect(ids.length === 0 || compoundId === undefined, `${model.name} has not both @id and @@id`).toBe(true);
      expected.push({ name: `${model.table}_pkey`, unique: true, primary: true, columns: primaryKey });
      for (const field of model.fields.filter((candidate) => /@unique\b/.test(candidate.attributes))) {
        expected.push({ name: `${model.table}_${columnOf(field)}_key`, unique: true, primary: false, columns: [columnOf(field)] });
      }
      for (const attribute of model.blockAttributes) {
        const block = /^@@(unique|index)\(\[([^\]]*)\]/.exec(attribute);
        if (!block) continue;
        const columns = listOf(block[2]!).map(column);
        const unique = block[1] === 'unique';
        expected.push({ name: `${model.table}_${columns.join('_')}_${unique ? 'key' : 'idx'}`, unique, primary: false, columns });
      }

      const { rows } = await store.pool.query<IndexRow>(
        `SELECT i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
                array(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                       ORDER BY k.position)::text[] AS columns
           FROM pg_index ix
           JOIN pg_class i ON i.oid = ix.indexrelid
           JOIN pg_class t ON t.oid = ix.indrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = $1 AND t.relname = $2`,
        [store.schema, model.table],
      );
      const byName = (a: IndexRow, b: IndexRow) => a.name.localeCompare(b.name);
      expect(rows.sort(byName), model.table).toEqual(expected.sort(byName));
    }
  });

  it('create the foreign keys of the relations, with Prisma’s default referential actions', async () => {
    const actions: Record<string, string> = { Cascade: 'c', Restrict: 'r', NoAction: 'a', SetNull: 'n', SetDefault: 'd' };
    const expected: Array<Record<string, unknown>> = [];
    for (const model of parsed.models) {
      for (const field of model.fields.filter((candidate) => /@relation\([^)]*fields:/.test(candidate.attributes))) {
        const relation = /@relation\((.*)\)/.exec(field.attributes)![1]!;
        const columns = listOf(/fields:\s*\[([^\]]*)\]/.exec(relation)![1]!).map(
          (name) => columnOf(model.fields.find((candidate) => candidate.name === name)!),
        );
        const target = parsed.models.find((candidate) => candidate.name === field.type)!;
        const references = listOf(/references:\s*\[([^\]]*)\]/.exec(relation)![1]!).map(
          (name) => columnOf(target.fields.find((candidate) => candidate.name === name)!),
        );
        const onDelete = /onDelete:\s*(\w+)/.exec(relation)?.[1] ?? (field.optional ? 'SetNull' : 'Restrict');
        const onUpdate = /onUpdate:\s*(\w+)/.exec(relation)?.[1] ?? 'Cascade';
        expected.push({
          name: `${model.table}_${columns.join('_')}_fkey`,
          table: model.table,
          columns,
          target: target.table,
          references,
          on_delete: actions[onDelete],
          on_update: actions[onUpdate],
        });
      }
    }
    const { rows } = await store.pool.query(
      `SELECT c.conname AS name, t.relname AS table, f.relname AS target,
              array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.position)::text[] AS columns,
              array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, position)
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.position)::text[] AS references,
              c.confdeltype AS on_delete, c.confupdtype AS on_update
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_class f ON f.oid = c.confrelid
         JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = $1`,
      [store.schema],
    );
    const byName = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.name).localeCompare(String(b.name));
    expect(rows.sort(byName)).toEqual(expected.sort(byName));
  });

  it('create the enums with their values in order', async () => {
    const { rows } = await store.pool.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1 GROUP BY t.typname`,
      [store.schema],
    );
    expect(Object.fromEntries(rows.map((row) => [row.name, row.values]))).toEqual(Object.fromEntries(parsed.enums));
  });
});

describe('Prisma Client on a schema other than public', () => {
  it('writes and reads enums, JSON and relations in the store’s schema', async () => {
    const deadLetter = await store.prisma.deadLetter.create({
      data: {
        id: randomUUID(),
        sourceJobId: `job-${randomUUID()}`,
        kind: 'crm.sync',
        system: 'crm',
        payload: { orderId: 'SO-1', lines: [1, 2] },
        attemptCount: 5,
        firstFailedAt: new Date('2026-01-01T00:00:00Z'),
        lastFailedAt: new Date('2026-01-01T00:05:00Z'),
        attempts: { create: [{ id: randomUUID(), jobId: 'job-1', kind: 'crm.sync', source: 'queue', succeeded: false, upstreamStatus: 503 }] },
      },
      include: { attempts: true },
    });
    expect(deadLetter.status).toBe('open');
    expect(deadLetter.attempts).toHaveLength(1);

    const found = await store.prisma.deadLetter.findMany({ where: { status: 'open', system: 'crm' }, include: { attempts: true } });
    expect(found.map((row) => row.payload)).toEqual([{ orderId: 'SO-1', lines: [1, 2] }]);
    const { rows } = await store.pool.query('SELECT count(*)::int AS n FROM job_attempts WHERE dead_letter_id = $1', [deadLetter.id]);
    expect(rows[0].n).toBe(1);
  });
});
