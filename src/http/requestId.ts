import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Client-sent ids are echoed only when they are short and plain, so they cannot forge log lines. */
const ACCEPTED_ID = /^[\w.:-]{1,128}$/;

export function requestIdFor(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  return typeof sent === 'string' && ACCEPTED_ID.test(sent) ? sent : randomUUID();
}
