import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  readonly method: string;
  /** The full URL the sandbox called, as a verifier that signs URLs (HubSpot's) sees it. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A webhook endpoint on a real socket that records every delivery and answers `answer(n)` to the n-th (1-based). */
export interface WebhookReceiver {
  /** Base URL; deliveries may go to any path under it. */
  readonly url: string;
  readonly deliveries: ReceivedDelivery[];
  answer: (delivery: number) => number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(answer: (delivery: number) => number = () => 204): Promise<WebhookReceiver> {
  const deliveries: ReceivedDelivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ method: request.method ?? '', url: `${receiver.url}${request.url ?? ''}`, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(receiver.answer(deliveries.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deliveries,
    answer,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}
