/** A Stripe request parameter: form encoding nests with brackets (`metadata[k]=v`, `expand[]=a`). */
export type StripeParam = string | StripeParam[] | StripeParams;
export interface StripeParams {
  [key: string]: StripeParam;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function keyPath(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const path = [key.slice(0, open)];
  for (const match of key.slice(open).matchAll(/\[([^\]]*)\]/g)) path.push(match[1] ?? '');
  return path;
}

function assign(target: StripeParams | StripeParam[], path: string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  // `a[]` and `a[0]` both append: Stripe's clients number array items in order.
  const isIndex = head === '' || /^\d+$/.test(head);
  if (Array.isArray(target)) {
    if (rest.length === 0) {
      target.push(value);
      return;
    }
    const index = isIndex && head !== '' ? Number(head) : target.length;
    const existing = target[index];
    const child: StripeParams | StripeParam[] = typeof existing === 'object' ? existing : (target[index] = /^\d*$/.test(rest[0] ?? '') ? [] : {});
    assign(child, rest, value);
    return;
  }
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const existing = target[head];
  const child: StripeParams | StripeParam[] = typeof existing === 'object' ? existing : (target[head] = /^\d*$/.test(rest[0] ?? '') ? [] : {});
  assign(child, rest, value);
}

/** Parses a query string or form body the way Stripe does. */
export function parseStripeParams(text: string): StripeParams {
  const params: StripeParams = {};
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const key = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = decode(equals === -1 ? '' : pair.slice(equals + 1));
    assign(params, keyPath(key), value);
  }
  return params;
}

/** A parameter that may be given once or as a list, as a list of strings. */
export function stringList(value: StripeParam | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return Object.values(value).filter((item): item is string => typeof item === 'string');
}
