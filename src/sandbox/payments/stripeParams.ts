import type { ProductError } from '../server/productError.js';
import { StripeFailure, codedError, invalidRequest } from './stripeErrors.js';
import type { StripeParam, StripeParams } from './stripeQueryString.js';

function fail(error: ProductError): never {
  throw new StripeFailure(error);
}

export function missingParam(name: string): ProductError {
  return codedError(400, 'parameter_missing', `Missing required param: ${name}.`, { param: name });
}

/** Stripe refuses parameters its endpoint does not define. */
export function checkKnown(params: StripeParams, allowed: readonly string[], prefix = ''): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) fail(codedError(400, 'parameter_unknown', `Received unknown parameter: ${prefix}${key}`, { param: `${prefix}${key}` }));
  }
}

/** An empty form value unsets a parameter in Stripe, so it reads as absent. */
export function optionalString(params: StripeParams, name: string): string | undefined {
  const value: StripeParam | undefined = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') fail(invalidRequest(`Invalid string: ${JSON.stringify(value)}`, name));
  return value;
}

export function requiredString(params: StripeParams, name: string): string {
  return optionalString(params, name) ?? fail(missingParam(name));
}

export function optionalInteger(params: StripeParams, name: string): number | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) fail(codedError(400, 'parameter_invalid_integer', `Invalid integer: ${value}`, { param: name }));
  return Number(value);
}

export function optionalBoolean(params: StripeParams, name: string): boolean | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') fail(invalidRequest(`Invalid boolean: ${value}`, name));
  return value === 'true';
}

export function optionalEnum<T extends string>(params: StripeParams, name: string, values: readonly T[]): T | undefined {
  const value = optionalString(params, name);
  if (value === undefined || (values as readonly string[]).includes(value)) return value as T | undefined;
  const listed = values.length > 1 ? `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}` : values.join('');
  return fail(invalidRequest(`Invalid ${name}: must be one of ${listed}`, name));
}

/** An update's string parameter: absent leaves the field as it is, an empty value unsets it (null), as Stripe reads ''. */
export function updatedString(params: StripeParams, name: string): string | null | undefined {
  return params[name] === '' ? null : optionalString(params, name);
}

/** A `metadata` hash as sent, each key up to 40 characters and each value up to 500 ('' kept: it unsets a key). */
function metadataHash(raw: StripeParam): Record<string, string> {
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail(invalidRequest('Invalid object', 'metadata'));
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') fail(invalidRequest(`Invalid string: ${JSON.stringify(value)}`, `metadata[${key}]`));
    if (key.length > 40) fail(invalidRequest(`Metadata keys can have up to 40 characters; ${key} has ${key.length}.`, `metadata[${key}]`));
    if (value.length > 500) fail(invalidRequest(`Metadata values can have up to 500 characters; metadata[${key}] has ${value.length}.`, `metadata[${key}]`));
  }
  return raw as Record<string, string>;
}

function withinKeyLimit(metadata: Record<string, string>): Record<string, string> {
  if (Object.keys(metadata).length > 50) fail(invalidRequest('Metadata can have up to 50 keys.', 'metadata'));
  return metadata;
}

/** Stripe's limits on metadata: 50 keys, keys up to 40 characters, values up to 500. An empty value sets nothing. */
export function readMetadata(params: StripeParams): Record<string, string> {
  const raw = params.metadata;
  if (raw === undefined || raw === '') return {};
  return withinKeyLimit(Object.fromEntries(Object.entries(metadataHash(raw)).filter(([, value]) => value !== '')));
}

/** An update's `metadata`: undefined leaves it as it is, null (`metadata=`) clears it, else the keys to set ('' unsets one). */
export function readMetadataUpdate(params: StripeParams): Record<string, string> | null | undefined {
  const raw = params.metadata;
  if (raw === undefined) return undefined;
  return raw === '' ? null : metadataHash(raw);
}

/** Applies an update read by readMetadataUpdate: Stripe merges it into the metadata already there. */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | null | undefined): Record<string, string> {
  if (update === undefined) return current;
  const merged = update === null ? {} : { ...current };
  for (const [key, value] of Object.entries(update ?? {})) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  return withinKeyLimit(merged);
}

/** A nested hash parameter such as invoice_settings, with its own known keys. */
export function optionalHash(params: StripeParams, name: string, allowed: readonly string[]): StripeParams | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return fail(invalidRequest('Invalid object', name));
  checkKnown(value, allowed, `${name}[`);
  return value;
}
