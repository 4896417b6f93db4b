import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { BLOCKED_ADDRESS_LABELS, classifyAddress } from './classifyAddress.js';
import { normalHost, type AllowedDestination } from '../../../config/parseAllowedDestination.js';

/** Every address a host name resolves to, in the resolver's order. */
export type ResolveHost = (hostname: string) => Promise<readonly { readonly address: string; readonly family: number }[]>;

/**
 * What a webhook URL may reach. `allowed` carries the checked address the socket must connect to,
 * so a second answer of the resolver (DNS rebinding) never decides where the request goes.
 */
export type DestinationCheck =
  | { readonly outcome: 'allowed'; readonly address: string; readonly family: 4 | 6 }
  | { readonly outcome: 'refused'; readonly reason: string }
  | { readonly outcome: 'unresolved'; readonly reason: string };

export interface DestinationGuard {
  check(url: string): Promise<DestinationCheck>;
}

export interface DestinationGuardOptions {
  readonly allowed: readonly AllowedDestination[];
  /** The system resolver (`dns.lookup`, as sockets use it) unless given. */
  readonly resolve?: ResolveHost;
}

/** Cloud metadata services known by name; their addresses are refused too, but a name needs no resolver. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog']);

const resolveAll: ResolveHost = (hostname) => lookup(hostname, { all: true, order: 'verbatim' });

const refusal = (subject: string) =>
  `${subject}; outbound webhooks may not target loopback, private, link-local, unique-local or cloud-metadata addresses ` +
  '(an operator can allow a destination with WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS)';

/**
 * Keeps outbound webhooks from being turned into a proxy into the gateway's own network: a URL is
 * refused when any address its host resolves to is loopback, private, link-local, unique-local,
 * cloud metadata or otherwise not public, unless an operator allowed it. Checked when an endpoint is
 * registered and again before every delivery.
 */
export function createDestinationGuard(options: DestinationGuardOptions): DestinationGuard {
  const resolve = options.resolve ?? resolveAll;
  const allowedHosts = new Set(options.allowed.flatMap((entry) => (entry.kind === 'host' ? [entry.name] : [])));
  const allowedNetworks = new BlockList();
  for (const entry of options.allowed) if (entry.kind === 'network') allowedNetworks.addSubnet(entry.address, entry.prefix, entry.family);

  return {
    async check(url) {
      const host = normalHost(new URL(url).hostname);
      if (METADATA_HOSTS.has(host) && !allowedHosts.has(host)) return { outcome: 'refused', reason: refusal(`${host} is a cloud metadata service`) };
      let addresses: readonly string[];
      if (isIP(host) !== 0) addresses = [host];
      else {
        try {
          addresses = (await resolve(host)).map((resolved) => resolved.address);
        } catch (error) {
          return { outcome: 'unresolved', reason: `${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
        }
      }
      const [first] = addresses;
      if (first === undefined) return { outcome: 'unresolved', reason: `${host} resolves to no address` };
      if (!allowedHosts.has(host)) {
        for (const address of addresses) {
          const family = isIP(address);
          const kind = family === 0 ? 'reserved' : classifyAddress(address);
          if (kind === null || (family !== 0 && allowedNetworks.check(address, family === 6 ? 'ipv6' : 'ipv4'))) continue;
          const label = BLOCKED_ADDRESS_LABELS[kind];
          return { outcome: 'refused', reason: refusal(address === host ? `${host} is ${label}` : `${host} resolves to ${address}, ${label}`) };
        }
      }
      return { outcome: 'allowed', address: first, family: isIP(first) === 6 ? 6 : 4 };
    },
  };
}
