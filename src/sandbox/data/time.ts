/** The dataset's "now": every seeded timestamp is derived from it, never from the clock. */
export const SEED_EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Odoo datetimes are naive UTC strings: "YYYY-MM-DD HH:MM:SS". */
export function odooDatetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function odooDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** HubSpot timestamps carry milliseconds. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** EasyPost timestamps are to the second. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Stripe timestamps are unix seconds. */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / SECOND_MS);
}
