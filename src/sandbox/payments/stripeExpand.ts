import type { PaymentsData } from '../data/SandboxData.js';
import type { ProductError } from '../server/productError.js';
import { invalidRequest } from './stripeErrors.js';

export type StripeObjectType = 'customer' | 'payment_method' | 'payment_intent' | 'refund';

interface Expansion { type: StripeObjectType; fetch: (payments: PaymentsData, id: string) => object | undefined }

/** The id fields Stripe lets callers expand, per object type (dotted paths inside the object). */
const EXPANDABLE: Readonly<Record<StripeObjectType, Readonly<Record<string, Expansion>>>> = {
  customer: {
    'invoice_settings.default_payment_method': { type: 'payment_method', fetch: (p, id) => p.paymentMethods.get(id) },
  },
  payment_method: {
    customer: { type: 'customer', fetch: (p, id) => p.customers.get(id) },
  },
  payment_intent: {
    customer: { type: 'customer', fetch: (p, id) => p.customers.get(id) },
    payment_method: { type: 'payment_method', fetch: (p, id) => p.paymentMethods.get(id) },
  },
  refund: {
    payment_intent: { type: 'payment_intent', fetch: (p, id) => p.paymentIntents.get(id) },
  },
};

const MAX_DEPTH = 4;

class ExpandError extends Error {}

function getPath(object: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const key of path) current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

/** Copy-on-write set, so stored objects are never mutated by an expansion. */
function setPath(object: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return object;
  const child = object[head];
  return {
    ...object,
    [head]: rest.length === 0 ? value : setPath(typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : {}, rest, value),
  };
}

function expandOne(payments: PaymentsData, object: Record<string, unknown>, type: StripeObjectType, segments: readonly string[], full: string): Record<string, unknown> {
  for (let length = segments.length; length >= 1; length--) {
    const prefix = segments.slice(0, length);
    const expansion = EXPANDABLE[type][prefix.join('.')];
    if (!expansion) continue;
    const current = getPath(object, prefix);
    let target: Record<string, unknown> | undefined;
    if (typeof current === 'string') target = expansion.fetch(payments, current) as Record<string, unknown> | undefined;
    else if (typeof current === 'object' && current !== null) target = current as Record<string, unknown>;
    if (!target) return object;
    const rest = segments.slice(length);
    return setPath(object, prefix, rest.length > 0 ? expandOne(payments, target, expansion.type, rest, full) : target);
  }
  throw new ExpandError(`This property cannot be expanded (${full}).`);
}

/**
 * Applies `expand[]` to one object, or to every item of a list/search result when the paths
 * start with `data.`. Returns a Stripe error for paths that cannot be expanded.
 */
export function expandObjects<T extends object>(
  payments: PaymentsData,
  objects: readonly T[],
  type: StripeObjectType,
  paths: readonly string[],
  inList: boolean,
): Record<string, unknown>[] | ProductError {
  try {
    return objects.map((object) => {
      let out = object as Record<string, unknown>;
      for (const path of paths) {
        const segments = path.split('.');
        if (inList && segments[0] !== 'data') throw new ExpandError(`This property cannot be expanded (${path}).`);
        const inner = inList ? segments.slice(1) : segments;
        if (inner.length === 0 || inner.length > MAX_DEPTH) throw new ExpandError(`This property cannot be expanded (${path}).`);
        out = expandOne(payments, out, type, inner, path);
      }
      return out;
    });
  } catch (error) {
    if (error instanceof ExpandError) return invalidRequest(error.message, 'expand');
    throw error;
  }
}
