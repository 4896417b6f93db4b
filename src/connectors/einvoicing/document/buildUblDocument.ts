import { createRequire } from 'node:module';
import type { FormatFactoryService, Invoice, Logger } from '@e-invoice-eu/core';
import type { EInvoiceSource } from '../EInvoiceSource.js';
import { toUblInvoice } from './toUblInvoice.js';
import { UblGenerationError, type UblProblem } from './UblGenerationError.js';

/** The parts of an Ajv error this module reads. */
interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
}

interface CompiledSchema<T> {
  (data: unknown): data is T;
  readonly errors?: readonly SchemaError[] | null;
}

type SchemaCompilerClass = new (options: {
  readonly strict: boolean;
  readonly allErrors: boolean;
  readonly useDefaults: boolean;
}) => { compile<T>(schema: object): CompiledSchema<T> };

// The UBL formatter logs only while embedding PDFs or attachments, which these documents never carry;
// what goes wrong here comes back as a UblGenerationError instead.
const silentLogger: Logger = { log() {}, warn() {}, error() {} };

interface Formatter {
  readonly ubl: ReturnType<FormatFactoryService['createFormatService']>;
  readonly validate: CompiledSchema<Invoice>;
}

let formatter: Promise<Formatter> | undefined;

/**
 * The library and its schema, loaded on the first document rather than at start: loading it takes most
 * of a second (it brings spreadsheet and PDF code), which a gateway sending no e-invoice need not pay.
 * InvoiceService.generate compiles the library's schema on every call (~220 ms); compiled once here, with
 * the options and the UBL patch (endpoint ids required) it uses, the same check costs well under 1 ms.
 */
function loadFormatter(): Promise<Formatter> {
  formatter ??= (async () => {
    const library = await import('@e-invoice-eu/core');
    const ubl = new library.FormatFactoryService().createFormatService('UBL', silentLogger);
    // Ajv is the library's dependency, not ours (package.json does not list it): it is resolved from the
    // library's own location, so this is the copy the library's schema is written for wherever npm put it.
    const libraryRequire = createRequire(createRequire(import.meta.url).resolve('@e-invoice-eu/core'));
    const Ajv2019 = libraryRequire('ajv/dist/2019') as SchemaCompilerClass;
    const schema = structuredClone(library.invoiceSchema);
    ubl.patchSchema(schema);
    return { ubl, validate: new Ajv2019({ strict: true, allErrors: true, useDefaults: true }).compile<Invoice>(schema) };
  })();
  return formatter;
}

/**
 * A Peppol BIS Billing 3.0 UBL 2.1 document for the ERP's invoice (an Invoice, type 380) or credit note (a
 * CreditNote, type 381), written by @e-invoice-eu/core. Throws UblGenerationError listing every field the
 * library's schema refuses. It does not check the business rules: run checkPeppolRules on the result.
 */
export async function buildUblDocument(source: EInvoiceSource): Promise<string> {
  const data = toUblInvoice(source);
  const { ubl, validate } = await loadFormatter();
  if (!validate(data)) throw new UblGenerationError(source.number, schemaProblems(validate.errors ?? [], data));
  ubl.fillInvoiceDefaults(data);
  let xml: string | Uint8Array;
  try {
    xml = await ubl.generate(data, { format: 'ubl', lang: 'en' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UblGenerationError(source.number, [{ path: '', message }], { cause: error });
  }
  // The formats' common interface also returns bytes (Factur-X PDFs); UBL is text.
  return typeof xml === 'string' ? xml : new TextDecoder().decode(xml);
}

function schemaProblems(errors: readonly SchemaError[], data: unknown): UblProblem[] {
  const problems = new Map<string, UblProblem>();
  for (const error of errors) {
    const steps = pointerSteps(error.instancePath);
    // Past the 'ubl:Invoice' wrapper, with array indexes as 1-based positions: cac:InvoiceLine[2]/cbc:ID.
    const path = steps
      .slice(1)
      .reduce((at, step) => (/^\d+$/.test(step) ? `${at}[${Number(step) + 1}]` : at ? `${at}/${step}` : step), '');
    let message = error.message ?? error.keyword;
    // "must be equal to one of the allowed values" names no value; the refused value is what the ERP must fix.
    if (error.keyword === 'enum' || error.keyword === 'pattern') {
      message += ` (got ${JSON.stringify(valueAt(data, steps))})`;
    }
    problems.set(`${path}\n${message}`, { path, message });
  }
  return [...problems.values()];
}

/** The keys of a JSON pointer (RFC 6901). */
function pointerSteps(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((step) => step.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function valueAt(data: unknown, steps: readonly string[]): unknown {
  let value = data;
  for (const step of steps) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[step] : undefined;
  }
  return value;
}
