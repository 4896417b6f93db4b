import type { FastifyRequest } from 'fastify';
import { rawBody } from '../server/requestBody.js';

export interface UploadedFile {
  fileName: string | null;
  content: string;
}

/** A header parameter such as `name="file"` or `boundary=xyz`, quoted or not. */
function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}=(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(header);
  return match ? match[1] ?? match[2] : undefined;
}

/**
 * The field `name` of a multipart/form-data body (RFC 7578), or undefined when the body is not multipart
 * or has no such field. Bodies reach the sandbox as text, which suits the XML files it is sent.
 */
export function readMultipartFile(request: FastifyRequest, name: string): UploadedFile | undefined {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) return undefined;
  const boundary = parameter(contentType, 'boundary');
  if (!boundary) return undefined;
  for (const part of rawBody(request).split(`--${boundary}`).slice(1)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    if (parameter(disposition, 'name') !== name) continue;
    // The part's content runs to the CRLF that precedes the next boundary.
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    return { fileName: parameter(disposition, 'filename') ?? null, content };
  }
  return undefined;
}
