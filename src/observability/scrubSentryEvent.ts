/**
 * Removes secrets and personal data from whatever is about to leave for Sentry: values under
 * sensitive keys anywhere in the event, and e-mail addresses, card numbers and bearer tokens inside
 * any string (error messages quote upstream answers and URLs).
 */

const FILTERED = '[Filtered]';

/** Keys compared lower-case with `-` and `_` removed. */
const SENSITIVE_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'xapikey',
  'apikey',
  'password',
  'passwd',
  'secret',
  'secretkey',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'privatekey',
  'stripesignature',
  'webhooksignature',
  'email',
  'emailaddress',
  'phone',
  'ipaddress',
  'card',
  'cardnumber',
  'cvc',
  'cvv',
  'expmonth',
  'expyear',
  'iban',
]);

const normalise = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
const BEARER = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;
/** Stripe-shaped keys and webhook secrets, which also show up in URLs and messages. */
const API_SECRET = /\b(?:sk|rk|whsec)_(?:live|test)?_?[A-Za-z0-9]{6,}\b/g;
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;

/** Card numbers pass the Luhn check; most other long digit runs (timestamps, ids) do not. */
function isLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function scrubText(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(BEARER, `$1 ${FILTERED}`)
    .replace(API_SECRET, FILTERED)
    .replace(CARD_CANDIDATE, (match) => (isLuhn(match.replace(/\D/g, '')) ? '[card]' : match));
}

const MAX_DEPTH = 30;

function scrubValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = scrubValue(value[i], depth + 1, seen);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    record[key] = SENSITIVE_KEYS.has(normalise(key)) ? FILTERED : scrubValue(record[key], depth + 1, seen);
  }
  return value;
}

/** Scrubs the event in place and returns it; Sentry's beforeSend and beforeBreadcrumb take this shape. */
export function scrubSentryEvent<T extends object>(event: T): T {
  return scrubValue(event, 0, new WeakSet()) as T;
}
