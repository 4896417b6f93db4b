import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestinationGuard, type ResolveHost } from '../../src/integrations/webhooks/outbound/createDestinationGuard.js';
import { parseAllowedDestination } from '../../src/config/parseAllowedDestination.js';
import { postWebhook } from '../../src/integrations/webhooks/outbound/postWebhook.js';

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * A name whose first answer is an allowed address and every later one an internal address: the
 * rebinding attack. 127.0.0.1 stands for the address that passed the check (it is allow-listed here),
 * 127.0.0.2 for the internal one.
 */
function rebindingResolver(): ResolveHost & { calls: number } {
  const resolve = Object.assign(
    async () => {
      resolve.calls += 1;
      return [{ address: resolve.calls === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    },
    { calls: 0 },
  );
  return resolve;
}

describe('DNS rebinding between check and connect', () => {
  const servers: Server[] = [];
  /** Where requests landed, by the address of the server that took them. */
  const landed: { address: string; host: string | undefined }[] = [];
  let port: number;

  beforeAll(async () => {
    const answer = (address: string) =>
      createServer((request, response) => {
        landed.push({ address, host: request.headers.host });
        request.resume();
        request.on('end', () => response.writeHead(204).end());
      });
    const checked = answer('127.0.0.1');
    const internal = answer('127.0.0.2');
    servers.push(checked, internal);
    port = await listen(checked, '127.0.0.1', 0);
    // Linux routes all of 127/8 to loopback: the internal address listens on the same port.
    await listen(internal, '127.0.0.2', port);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  });

  it('connects to the address it checked, not to a second answer of the resolver', async () => {
    const resolve = rebindingResolver();
    const guard = createDestinationGuard({ allowed: [parseAllowedDestination('127.0.0.1')!], resolve });
    const url = `http://hooks.rebind.example:${port}/hooks`;
    const checked = await guard.check(url);
    expect(checked).toEqual({ outcome: 'allowed', address: '127.0.0.1', family: 4 });
    if (checked.outcome !== 'allowed') return;

    const result = await postWebhook({ url, address: checked.address, family: checked.family }, { 'content-type': 'application/json' }, '{}', 5000);
    expect(result).toEqual({ statusCode: 204, error: null, code: 'OK' });
    expect(landed).toEqual([{ address: '127.0.0.1', host: `hooks.rebind.example:${port}` }]);
    expect(resolve.calls).toBe(1);

    // The next delivery checks again and sees the internal answer.
    expect(await guard.check(url)).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('hooks.rebind.example resolves to 127.0.0.2, a loopback address') });
    expect(landed).toHaveLength(1);
  });
});
