import { isIP } from 'node:net';

/**
 * A destination an operator lets outbound webhooks reach although it is loopback, private, link-local,
 * unique-local or cloud metadata: a host name (trusted whatever it resolves to, as the operator named
 * it) or a network (an address is a /32 or /128), matched against every resolved address.
 */
export type AllowedDestination =
  | { readonly kind: 'host'; readonly name: string }
  | { readonly kind: 'network'; readonly address: string; readonly prefix: number; readonly family: 'ipv4' | 'ipv6' };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A DNS name that URLs keep as written: `127.1` or `0x7f000001` are IPv4 addresses to the URL parser, so no name. */
function isHostName(name: string): boolean {
  return HOST_NAME.test(name) && URL.parse(`http://${name}/`)?.hostname === name;
}

/** A URL's or an entry's host as compared: lower case, without IPv6 brackets or the root's trailing dot. */
export function normalHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** One entry of WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS: `hooks.internal.example`, `10.0.0.7`, `10.20.0.0/16`, `[fd00::1]`, `fd00::/8`; undefined when it is none of them. */
export function parseAllowedDestination(entry: string): AllowedDestination | undefined {
  const [rawAddress, prefixText, ...rest] = entry.trim().split('/');
  const address = normalHost(rawAddress ?? '');
  const family = isIP(address);
  if (rest.length > 0) return undefined;
  if (family === 0) return prefixText === undefined && isHostName(address) ? { kind: 'host', name: address } : undefined;
  const bits = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  return { kind: 'network', address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}
