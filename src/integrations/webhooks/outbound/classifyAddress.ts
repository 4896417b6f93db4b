import { BlockList, isIP } from 'node:net';

/** Why an address is no place for an outbound webhook. */
export type BlockedAddressKind =
  | 'cloud-metadata'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier-grade-nat'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/** How a refusal names the kind, after "is" or "resolves to <address>,". */
export const BLOCKED_ADDRESS_LABELS: Readonly<Record<BlockedAddressKind, string>> = {
  'cloud-metadata': 'a cloud metadata address',
  unspecified: 'an unspecified address',
  loopback: 'a loopback address',
  private: 'a private address',
  'carrier-grade-nat': 'a carrier-grade NAT address',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/**
 * Checked in this order, so the narrow ranges inside wider ones (metadata inside link-local and
 * unique-local, broadcast inside 240/4) name the narrower reason. IPv4-mapped IPv6 addresses
 * (`::ffff:127.0.0.1`) match the IPv4 ranges: BlockList maps them itself.
 */
const RANGES: readonly (readonly [BlockedAddressKind, readonly string[]])[] = [
  // AWS, GCP and Azure (169.254.169.254), AWS ECS task metadata, Alibaba Cloud, AWS over IPv6.
  ['cloud-metadata', ['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32', 'fd00:ec2::254/128']],
  ['unspecified', ['0.0.0.0/8', '::/128']],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['carrier-grade-nat', ['100.64.0.0/10']],
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  ['unique-local', ['fc00::/7']],
  ['multicast', ['224.0.0.0/4', 'ff00::/8']],
  ['broadcast', ['255.255.255.255/32']],
  [
    'reserved',
    [
      // IETF protocol assignments, documentation, benchmarking, the old 240/4 class E.
      '192.0.0.0/24', '192.0.2.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4',
      // IPv4-compatible (deprecated), discard-only, local-use NAT64, documentation, site-local (deprecated).
      '::/96', '100::/64', '64:ff9b:1::/48', '2001:db8::/32', 'fec0::/10',
    ],
  ],
];

const LISTS: readonly (readonly [BlockedAddressKind, BlockList])[] = RANGES.map(([kind, ranges]) => {
  const list = new BlockList();
  for (const range of ranges) {
    const [network, prefix] = range.split('/') as [string, string];
    list.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
  }
  return [kind, list] as const;
});

/** The kind of blocked range an IP address falls in, or null for an address webhooks may reach. */
export function classifyAddress(address: string): BlockedAddressKind | null {
  const family = isIP(address);
  if (family === 0) throw new TypeError(`${address} is not an IP address`);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  return LISTS.find(([, list]) => list.check(address, type))?.[0] ?? null;
}
