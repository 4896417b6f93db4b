import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';

export interface HttpsResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface HttpsRequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Trusted for the server's certificate. */
  readonly ca: Buffer;
  /** The client certificate and key to present, if any. */
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

/** One HTTPS request on a fresh connection (no agent), so each call does its own TLS handshake. */
export function httpsRequest(url: string, options: HttpsRequestOptions): Promise<HttpsResult> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, cert: options.cert, key: options.key, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
