import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query string, as the gateway sent them. */
  readonly url: string;
  readonly body: string;
}

export interface RecordingProxy {
  readonly url: string;
  readonly requests: RecordedRequest[];
  clear(): void;
  close(): Promise<void>;
}

const bodyOf = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * A plain HTTP hop in front of a sandbox system that keeps every request the gateway sends, so a
 * test can read the fields, properties and ids it asked for on the wire.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, reply) => {
    void (async () => {
      const body = await bodyOf(request);
      const url = request.url ?? '/';
      requests.push({ method: request.method ?? 'GET', url, body });
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host'),
      );
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const answer = await fetch(`${target}${url}`, { method: request.method, headers, ...(hasBody ? { body } : {}) });
      const text = await answer.text();
      reply.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      reply.end(text);
    })().catch((error: unknown) => {
      reply.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    clear: () => void requests.splice(0),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
