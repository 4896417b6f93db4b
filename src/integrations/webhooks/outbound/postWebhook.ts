import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/** How one attempt ended: `code` is OK or the failure code operators filter dead letters by. */
export interface AttemptResult {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly code: string;
}

/** Where to send: the endpoint's URL and the address the destination guard checked for its host. */
export interface PinnedDestination {
  readonly url: string;
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * One POST to a subscriber. The socket connects to the checked address whatever the resolver would
 * answer now (the URL's host still goes out as Host and TLS server name), and a redirect is a failed
 * attempt, never followed: its target was not checked.
 */
export function postWebhook(destination: PinnedDestination, headers: Record<string, string>, body: string, timeoutMs: number): Promise<AttemptResult> {
  const url = new URL(destination.url);
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: destination.address, family: destination.family }]);
    else callback(null, destination.address, destination.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        // A fresh connection per attempt: a pooled one may lead to an address checked for another delivery.
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        // What the subscriber says is not ours to keep; only its status counts.
        response.destroy();
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve({ statusCode: status, error: null, code: 'OK' });
        else {
          const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
          resolve({ statusCode: status, error: `answered HTTP ${status}${redirect}`, code: 'WEBHOOK_DELIVERY_REJECTED' });
        }
      },
    );
    request.on('error', (error) => {
      const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
      resolve(
        timedOut
          ? { statusCode: null, error: `no answer within ${timeoutMs} ms`, code: 'WEBHOOK_DELIVERY_TIMEOUT' }
          : { statusCode: null, error: `could not be reached: ${error.message}`, code: 'WEBHOOK_DELIVERY_UNREACHABLE' },
      );
    });
    request.end(body);
  });
}
