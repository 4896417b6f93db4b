import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { classifyAddress } from '../../src/integrations/webhooks/outbound/classifyAddress.js';
import { createDestinationGuard, type ResolveHost } from '../../src/integrations/webhooks/outbound/createDestinationGuard.js';
import { parseAllowedDestination } from '../../src/config/parseAllowedDestination.js';

describe('classifyAddress', () => {
  it.each([
    ['169.254.169.254', 'cloud-metadata'],
    ['169.254.170.2', 'cloud-metadata'],
    ['100.100.100.200', 'cloud-metadata'],
    ['fd00:ec2::254', 'cloud-metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:10.1.2.3', 'private'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['100.127.255.255', 'carrier-grade-nat'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::7f00:1', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '11.0.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(classifyAddress(address)).toBeNull();
    },
  );

  it('throws on what is not an address', () => {
    expect(() => classifyAddress('localhost')).toThrow(TypeError);
  });
});

describe('parseAllowedDestination', () => {
  it.each([
    ['127.0.0.1', { kind: 'network', address: '127.0.0.1', prefix: 32, family: 'ipv4' }],
    ['10.20.0.0/16', { kind: 'network', address: '10.20.0.0', prefix: 16, family: 'ipv4' }],
    ['[::1]', { kind: 'network', address: '::1', prefix: 128, family: 'ipv6' }],
    ['fd00::/8', { kind: 'network', address: 'fd00::', prefix: 8, family: 'ipv6' }],
    ['Hooks.Internal.Example.', { kind: 'host', name: 'hooks.internal.example' }],
    ['localhost', { kind: 'host', name: 'localhost' }],
  ])('%s', (entry, parsed) => {
    expect(parseAllowedDestination(entry)).toEqual(parsed);
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/x', '127.0.0.1:8080', 'http://127.0.0.1/', '127.1', '0x7f000001', 'hooks.example/8', 'bad_name.example', '1.2.3.4/8/9'])(
    'refuses %s',
    (entry) => {
      expect(parseAllowedDestination(entry)).toBeUndefined();
    },
  );

  it('is read and validated at start from WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS', () => {
    const config = parseConfig({ WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS: ' 127.0.0.1 , hooks.internal.example ' });
    expect(config.webhooks.delivery.allowedDestinations).toEqual([
      { kind: 'network', address: '127.0.0.1', prefix: 32, family: 'ipv4' },
      { kind: 'host', name: 'hooks.internal.example' },
    ]);
    expect(parseConfig({}).webhooks.delivery.allowedDestinations).toEqual([]);
    expect(() => parseConfig({ WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS: '127.0.0.1,10.0.0.0/40' })).toThrow(ConfigError);
    expect(() => parseConfig({ WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS: '127.0.0.1,10.0.0.0/40' })).toThrow(/WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS.*10\.0\.0\.0\/40/);
  });
});

describe('createDestinationGuard', () => {
  const resolver = (table: Record<string, string[]>): ResolveHost => async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const names = resolver({
    'hooks.shop.example': ['203.0.114.7', '2a00:1450:4001::200e'],
    'split.example': ['203.0.114.7', '10.0.0.9'],
    'inside.example': ['10.1.2.3'],
  });

  it('allows a public destination and gives the address to connect to', async () => {
    const guard = createDestinationGuard({ allowed: [], resolve: names });
    expect(await guard.check('https://hooks.shop.example/x')).toEqual({ outcome: 'allowed', address: '203.0.114.7', family: 4 });
    expect(await guard.check('https://[2a00:1450:4001::200e]:8443/x')).toEqual({ outcome: 'allowed', address: '2a00:1450:4001::200e', family: 6 });
  });

  it('refuses when any resolved address is blocked, naming the address and its kind', async () => {
    const guard = createDestinationGuard({ allowed: [], resolve: names });
    const split = await guard.check('https://split.example/x');
    expect(split).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('split.example resolves to 10.0.0.9, a private address') });
    expect((split as { reason: string }).reason).toContain('WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS');
    expect(await guard.check('http://0x7f000001/')).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/^127\.0\.0\.1 is a loopback address/) });
    expect(await guard.check('http://[::ffff:127.0.0.1]/')).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('a loopback address') });
    expect(await guard.check('http://METADATA.google.internal./computeMetadata/v1/')).toMatchObject({
      outcome: 'refused',
      reason: expect.stringContaining('metadata.google.internal is a cloud metadata service'),
    });
  });

  it('tells a name that does not resolve apart from a refused one', async () => {
    const guard = createDestinationGuard({ allowed: [], resolve: names });
    expect(await guard.check('https://nowhere.example/')).toEqual({ outcome: 'unresolved', reason: 'nowhere.example could not be resolved (ENOTFOUND)' });
  });

  it('lets through what the allow-list names, by network or by host name', async () => {
    const guard = createDestinationGuard({
      allowed: [parseAllowedDestination('10.1.0.0/16')!, parseAllowedDestination('split.example')!],
      resolve: names,
    });
    expect(await guard.check('https://inside.example/')).toEqual({ outcome: 'allowed', address: '10.1.2.3', family: 4 });
    expect(await guard.check('https://split.example/')).toMatchObject({ outcome: 'allowed' });
    expect(await guard.check('http://10.2.0.1/')).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('10.2.0.1 is a private address') });
    expect(await guard.check('http://169.254.169.254/latest/meta-data/')).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('a cloud metadata address') });
  });
});
