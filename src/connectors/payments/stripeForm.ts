/** Stripe's form encoding: nested objects as `metadata[order_ref]=S1`; undefined values are left out. */
export function stripeForm(values: Record<string, unknown>, prefix = ''): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    const name = prefix ? `${prefix}[${key}]` : key;
    if (typeof value === 'object') Object.assign(form, stripeForm(value as Record<string, unknown>, name));
    else form[name] = String(value);
  }
  return form;
}
